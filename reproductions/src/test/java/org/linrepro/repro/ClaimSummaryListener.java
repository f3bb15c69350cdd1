package org.linrepro.repro;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the claims' status summary (every status, as the CLI counts them) once the test plan has run. */
public final class ClaimSummaryListener implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        String s = ClaimTests.summary();
        if (s != null) {
            System.out.println(s);
        }
    }
}
