package org.linrepro.claim;

/**
 * What a claim expects of its own check, and the status that follows. A normal claim expects to pass (FAIL
 * otherwise). A claim marked not reproduced expects to fail its tolerance, like a strict expected failure: failing
 * gives NOT_REPRODUCED with today's value, passing gives UNEXPECTED_PASS ("reproduces now: update the claim"). A claim
 * with a declared deviation expects to differ from the print: differing gives DEVIATES, matching gives
 * UNEXPECTED_PASS.
 */
enum Expectation {
    PASSES, FAILS, DEVIATES;

    record Outcome(Verdict.Status status, String message) {}

    static Expectation of(Claim c) {
        return c.notReproduced() != null ? FAILS : c.deviation() != null ? DEVIATES : PASSES;
    }

    Outcome judge(Tolerance.Check check) {
        String today = check.explanation();
        return switch (this) {
            case PASSES -> new Outcome(check.passed() ? Verdict.Status.PASS : Verdict.Status.FAIL, today);
            case FAILS -> check.passed()
                    ? new Outcome(Verdict.Status.UNEXPECTED_PASS, "reproduces now: update the claim (" + today + ")")
                    : new Outcome(Verdict.Status.NOT_REPRODUCED, "not reproduced today: " + today);
            case DEVIATES -> check.passed()
                    ? new Outcome(Verdict.Status.UNEXPECTED_PASS,
                            "matches the printed number now: remove the claim's deviation (" + today + ")")
                    : new Outcome(Verdict.Status.DEVIATES, "deviates from the print as declared: " + today);
        };
    }
}
