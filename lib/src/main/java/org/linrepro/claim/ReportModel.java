package org.linrepro.claim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report shows, computed once and rendered as Markdown and HTML alike: the overall counts, then the verdicts
 * grouped by line and by paper, each group with its own status counts, and the ledger history.
 */
public record ReportModel(VerdictSummary overall, List<LineGroup> lines, List<Verdict> history) {

    public record LineGroup(String line, VerdictSummary summary, List<PaperGroup> papers) {}

    public record PaperGroup(String arxiv, String paper, VerdictSummary summary, List<Verdict> verdicts) {}

    public static ReportModel of(List<Verdict> latest, List<Verdict> history, boolean requireData) {
        Map<String, Map<String, List<Verdict>>> byLine = new LinkedHashMap<>();
        for (Verdict v : latest) {
            String line = v.claim().line() == null || v.claim().line().isEmpty() ? "other" : v.claim().line();
            byLine.computeIfAbsent(line, k -> new LinkedHashMap<>())
                    .computeIfAbsent(v.claim().arxiv(), k -> new ArrayList<>()).add(v);
        }
        List<LineGroup> lines = new ArrayList<>();
        byLine.forEach((line, papers) -> {
            List<PaperGroup> ps = new ArrayList<>();
            List<Verdict> all = new ArrayList<>();
            papers.forEach((arxiv, vs) -> {
                ps.add(new PaperGroup(arxiv, vs.get(0).claim().paper(), VerdictSummary.of(vs, requireData),
                        List.copyOf(vs)));
                all.addAll(vs);
            });
            lines.add(new LineGroup(line, VerdictSummary.of(all, requireData), List.copyOf(ps)));
        });
        return new ReportModel(VerdictSummary.of(latest, requireData), List.copyOf(lines), List.copyOf(history));
    }

    public List<Verdict> verdicts() {
        List<Verdict> out = new ArrayList<>();
        lines.forEach(l -> l.papers().forEach(p -> out.addAll(p.verdicts())));
        return out;
    }
}
