package org.linrepro.kernel.renderers;

import java.util.List;
import java.util.Map;
import org.linrepro.claim.Report;
import org.linrepro.claim.Verdict;
import org.linrepro.kernel.Renderer;

/** A list of linrepro verdicts as the reported-vs-measured table of the reports (pass/fail marked). */
public final class VerdictRenderer implements Renderer {
    private static final String STYLE = "<style>" + Report.VERDICT_STYLE + "</style>";

    @Override
    public Class<?> type() {
        return List.class;
    }

    @Override
    public boolean accepts(Object value) {
        return value instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(Verdict.class::isInstance);
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Map<String, Object> render(Object value) {
        @SuppressWarnings("unchecked")
        List<Verdict> verdicts = (List<Verdict>) value;
        var table = Report.summary(verdicts);
        return Map.of("text/html", STYLE + Report.htmlTable(table), "text/plain", table.print());
    }
}
