package org.linrepro.claim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The reports folder: {@code index.md} and {@code index.html} (verdicts grouped by line and paper with a status
 * summary per group, then details and figures per claim, then the ledger history), {@code figures/*.png}. Both
 * pages render one {@link ReportModel}, built from verdicts, so {@code ./linrepro report} can rebuild them from the
 * ledger alone. Each file is written atomically.
 */
public final class Report {
    /** Sources longer than this are folded (a short summary, the full text on click). */
    private static final int SOURCE_FOLD = 70;

    /** Colours of the verdict cell (only that cell is coloured); also used by the Jupyter kernel's renderer. */
    public static final String VERDICT_STYLE = "td.verdict.pass{background:#d7f5d7}"
            + "td.verdict.fail{background:#f8d0d0;font-weight:bold}td.verdict.deviates{background:#ffe2a8}"
            + "td.verdict.expected{background:#f3e0e0}td.verdict.nodata{background:#eee}";

    private Report() {}

    /** Reported-vs-measured table (one row per verdict), also what notebooks display. */
    public static Table summary(List<Verdict> verdicts) {
        Table t = Table.create("verdicts",
                StringColumn.create("claim"), StringColumn.create("paper"), StringColumn.create("source"),
                StringColumn.create("reported"), StringColumn.create("measured"), StringColumn.create("tolerance"),
                StringColumn.create("verdict"), DoubleColumn.create("seconds"));
        for (Verdict v : verdicts) {
            t.stringColumn("claim").append(v.claimId());
            t.stringColumn("paper").append(v.claim().arxiv());
            t.stringColumn("source").append(sourceText(v));
            t.stringColumn("reported").append(reportedText(v));
            t.stringColumn("measured").append(measuredText(v));
            t.stringColumn("tolerance").append(v.claim().tolerance());
            t.stringColumn("verdict").append(v.status().label());
            t.doubleColumn("seconds").append(Math.round(v.run().wallSeconds() * 10) / 10.0);
        }
        return t;
    }

    /** Today's value (± its standard error); when nothing ran today, the stored value labelled with its date. */
    public static String measuredText(Verdict v) {
        Double m = v.result().measured();
        if (m == null) {
            return v.claim().lastMeasured() == null ? "—" : "— (" + v.claim().lastMeasured().text() + ")";
        }
        String s = Numbers.format(m);
        return v.result().standardError() != null ? s + " ± " + Numbers.format(v.result().standardError()) : s;
    }

    static String reportedText(Verdict v) {
        return v.claim().reported() != null ? Numbers.format(v.claim().reported()) : v.claim().reportedText();
    }

    static String sourceText(Verdict v) {
        return v.claim().sourceKind() == null ? v.claim().source() : v.claim().sourceKind() + ": " + v.claim().source();
    }

    /** The HTML class of a status's verdict cell. */
    static String cssClass(Verdict.Status s) {
        return switch (s) {
            case PASS -> "pass";
            case FAIL, ERROR, UNEXPECTED_PASS -> "fail";
            case DEVIATES -> "deviates";
            case NOT_REPRODUCED -> "expected";
            case NO_DATA -> "nodata";
        };
    }

    /** Writes index.md, index.html and figures for the latest verdicts; {@code history} feeds the drift table. */
    public static Path write(Path dir, List<Verdict> latest, List<Verdict> history) {
        ReportModel model = ReportModel.of(latest, history, VerdictSummary.requireDataFromEnvironment());
        try {
            Path figDir = dir.resolve("figures");
            Map<String, List<String>> figs = new LinkedHashMap<>();
            for (Verdict v : model.verdicts()) {
                List<String> names = new ArrayList<>();
                for (FigureData f : v.result().figures() == null ? List.<FigureData>of() : v.result().figures()) {
                    FigureRenderer.writePng(f, figDir);
                    names.add(f.name());
                }
                figs.put(v.claimId(), names);
            }
            AtomicFiles.write(dir.resolve("index.md"), markdown(model, figs));
            Path html = dir.resolve("index.html");
            AtomicFiles.write(html, html(model, figs));
            return html;
        } catch (IOException e) {
            throw new LinreproException("cannot write report into " + dir + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    /** The lines every page opens with: all statuses, paper numbers vs derived identities, what the run comes to. */
    private static List<String> overview(ReportModel m) {
        return List.of(m.overall().total() + " claims: " + m.overall().statusLine() + ".",
                m.overall().checkedLine() + ".", "Outcome: " + m.overall().verdictLine() + ".");
    }

    /** Notes shown beside a claim: its decided-after mark, its expectation, its last stored value. */
    private static List<String> marks(Verdict v) {
        List<String> out = new ArrayList<>();
        Verdict.ClaimInfo c = v.claim();
        if (c.decided() != null) {
            out.add(c.decided().text());
        }
        if (c.expectation() != null) {
            out.add((c.lastMeasured() != null ? "known not to reproduce: " : "declared deviation: ") + c.expectation());
        }
        if (c.lastMeasured() != null) {
            out.add("claim file: " + c.lastMeasured().text() + " (today's value is the measured one)");
        }
        return out;
    }

    private static String badge(Verdict v) {
        Decided d = v.claim().decided();
        return d != null && d.when() == Decided.When.AFTER ? " [decided after]" : "";
    }

    // ---------------------------------------------------------------- Markdown

    private static String markdown(ReportModel m, Map<String, List<String>> figs) {
        StringBuilder b = new StringBuilder("# linrepro report\n\n");
        overview(m).forEach(l -> b.append(l).append("  \n"));
        b.append("\nStatuses: pass = within tolerance; FAIL / ERROR / UNEXPECTED PASS fail the run; not reproduced ="
                + " a known non-reproduction, rerun and still failing today; deviates = differs from the printed number"
                + " as the claim declares; no data = not run here.\n");
        for (ReportModel.LineGroup line : m.lines()) {
            b.append("\n## ").append(line.line()).append(" — ").append(line.summary().shortLine()).append('\n');
            for (ReportModel.PaperGroup p : line.papers()) {
                b.append("\n### ").append(p.arxiv()).append(" (").append(p.paper()).append(") — ")
                        .append(p.summary().shortLine()).append("\n\n");
                b.append("| claim | source | reported | measured | tolerance | verdict | seconds |\n");
                b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
                for (Verdict v : p.verdicts()) {
                    b.append("| [").append(v.claimId()).append("](#").append(v.claimId()).append(')')
                            .append(badge(v)).append(" | ").append(md(fold(sourceText(v)))).append(" | ")
                            .append(md(reportedText(v))).append(" | ").append(md(measuredText(v))).append(" | ")
                            .append(md(v.claim().tolerance())).append(" | **").append(v.status().label())
                            .append("** | ").append(Numbers.seconds(v.run().wallSeconds())).append(" |\n");
                }
            }
        }
        b.append("\n## Details\n");
        for (Verdict v : m.verdicts()) {
            Verdict.ClaimInfo c = v.claim();
            Verdict.Run r = v.run();
            // an explicit anchor: the heading's own slug would include the status
            b.append("\n<a id=\"").append(v.claimId()).append("\"></a>\n\n### ").append(v.claimId()).append(" — ")
                    .append(v.status().label()).append("\n\n");
            b.append("- paper: ").append(c.arxiv()).append(" (").append(c.paper()).append("), ")
                    .append(sourceText(v)).append('\n');
            b.append("- reported: ").append(c.reportedText()).append("; measured: ").append(measuredText(v))
                    .append("; tolerance ").append(c.tolerance()).append(" — ").append(c.toleranceWhy()).append('\n');
            b.append("- check: ").append(v.result().message()).append('\n');
            marks(v).forEach(x -> b.append("- ").append(x).append('\n'));
            b.append("- seed ").append(r.seed()).append(", config ").append(r.configHash()).append(" `")
                    .append(r.config()).append("`, device ").append(r.device()).append(", ")
                    .append(Numbers.seconds(r.wallSeconds())).append(" s, ").append(r.timestamp()).append('\n');
            b.append("- versions: ").append(r.versions()).append('\n');
            if (v.result().details() != null && !v.result().details().isEmpty()) {
                b.append("- details: ").append(detailsText(v)).append('\n');
            }
            for (String f : figs.getOrDefault(v.claimId(), List.of())) {
                b.append("\n![").append(f).append("](figures/").append(f).append(".png)\n");
            }
        }
        if (m.history().size() >= 2) {
            b.append("\n## Ledger (all runs, oldest first)\n\n");
            b.append("| time | claim | measured | verdict | seed | config | device | seconds |\n");
            b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Verdict v : m.history()) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s |%n", v.run().timestamp(),
                        v.claimId(), md(measuredText(v)), v.status().label(), v.run().seed(), v.run().configHash(),
                        v.run().device(), Numbers.seconds(v.run().wallSeconds())));
            }
        }
        return b.toString();
    }

    private static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    private static String fold(String s) {
        return s.length() <= SOURCE_FOLD ? s : s.substring(0, SOURCE_FOLD - 1) + "…";
    }

    private static String detailsText(Verdict v) {
        List<String> ds = new ArrayList<>();
        v.result().details().forEach((k, x) -> ds.add(k + " = " + Numbers.format(x)));
        return String.join(", ", ds);
    }

    // ---------------------------------------------------------------- HTML

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** A source cell: short ones as they are, long ones folded into a details element. */
    private static String foldedHtml(String s) {
        if (s.length() <= SOURCE_FOLD) {
            return esc(s);
        }
        return "<details><summary>" + esc(fold(s)) + "</summary>" + esc(s) + "</details>";
    }

    /** HTML table of verdicts, the verdict cell coloured by status; also used by the Jupyter kernel's renderer. */
    public static String htmlTable(Table t) {
        StringBuilder b = new StringBuilder("<table class=\"verdicts\">\n<thead><tr>");
        for (String n : t.columnNames()) {
            b.append("<th>").append(esc(n)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int vcol = t.columnNames().indexOf("verdict");
        for (int r = 0; r < t.rowCount(); r++) {
            String label = vcol >= 0 ? t.getString(r, vcol) : "";
            b.append("<tr>");
            for (int c = 0; c < t.columnCount(); c++) {
                String cell = esc(t.getString(r, c));
                if (c == 0) {
                    cell = "<a href=\"#" + cell + "\">" + cell + "</a>";
                }
                b.append(c == vcol ? "<td class=\"verdict " + cssClassOfLabel(label) + "\">" : "<td>").append(cell)
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String cssClassOfLabel(String label) {
        for (Verdict.Status s : Verdict.Status.values()) {
            if (s.label().equals(label)) {
                return cssClass(s);
            }
        }
        return "";
    }

    private static final String SCRIPT = """
            <script>
            // show only the claims of the chosen status (rows and detail sections carry data-status)
            function filterStatus(s){
              document.querySelectorAll('[data-status]').forEach(function(e){
                e.style.display=(s===''||e.getAttribute('data-status')===s)?'':'none';});
              document.querySelectorAll('section.paper').forEach(function(p){
                var shown=Array.prototype.some.call(p.querySelectorAll('tr[data-status]'),function(r){
                  return r.style.display!=='none';});
                p.style.display=shown?'':'none';});
            }
            </script>
            """;

    private static String html(ReportModel m, Map<String, List<String>> figs) {
        StringBuilder b = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>linrepro report</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}
                table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
                details summary{cursor:pointer}.claim{border-top:1px solid #ddd;margin-top:1.5em}
                .mark{color:#8a5a00;font-size:12px}.group{color:#555;font-weight:normal;font-size:0.8em}
                code{background:#f4f4f4;padding:1px 3px}img{max-width:760px;display:block;margin:0.5em 0}
                """).append(VERDICT_STYLE).append("\n</style>\n").append(SCRIPT).append("</head><body>\n")
                .append("<h1>linrepro report</h1>\n");
        for (String l : overview(m)) {
            b.append("<p>").append(esc(l)).append("</p>\n");
        }
        b.append("<p><label>Show: <select onchange=\"filterStatus(this.value)\"><option value=\"\">every status</option>");
        for (Verdict.Status s : VerdictSummary.ORDER) {
            if (m.overall().count(s) > 0) {
                b.append("<option value=\"").append(s.id()).append("\">").append(esc(s.label())).append(" (")
                        .append(m.overall().count(s)).append(")</option>");
            }
        }
        b.append("</select></label></p>\n");
        for (ReportModel.LineGroup line : m.lines()) {
            b.append("<h2>").append(esc(line.line())).append(" <span class=\"group\">")
                    .append(esc(line.summary().shortLine())).append("</span></h2>\n");
            for (ReportModel.PaperGroup p : line.papers()) {
                b.append("<section class=\"paper\"><h3>").append(esc(p.arxiv() + " (" + p.paper() + ")"))
                        .append(" <span class=\"group\">").append(esc(p.summary().shortLine())).append("</span></h3>\n")
                        .append("<table class=\"verdicts\"><thead><tr><th>claim</th><th>source</th><th>reported</th>"
                                + "<th>measured</th><th>tolerance</th><th>verdict</th><th>seconds</th></tr></thead>"
                                + "<tbody>\n");
                for (Verdict v : p.verdicts()) {
                    b.append("<tr data-status=\"").append(v.status().id()).append("\"><td><a href=\"#")
                            .append(esc(v.claimId())).append("\">").append(esc(v.claimId())).append("</a>");
                    if (!badge(v).isEmpty()) {
                        b.append(" <span class=\"mark\">decided after</span>");
                    }
                    b.append("</td><td>").append(foldedHtml(sourceText(v))).append("</td><td>")
                            .append(esc(reportedText(v))).append("</td><td>").append(esc(measuredText(v)))
                            .append("</td><td>").append(esc(v.claim().tolerance())).append("</td><td class=\"verdict ")
                            .append(cssClass(v.status())).append("\">").append(esc(v.status().label()))
                            .append("</td><td>").append(Numbers.seconds(v.run().wallSeconds())).append("</td></tr>\n");
                }
                b.append("</tbody></table></section>\n");
            }
        }
        b.append("<h2>Details</h2>\n");
        for (Verdict v : m.verdicts()) {
            Verdict.ClaimInfo c = v.claim();
            Verdict.Run r = v.run();
            b.append("<div class=\"claim\" data-status=\"").append(v.status().id()).append("\" id=\"")
                    .append(esc(v.claimId())).append("\"><h3>").append(esc(v.claimId())).append(" — ")
                    .append(esc(v.status().label())).append("</h3><ul>");
            b.append("<li>paper: ").append(esc(c.arxiv() + " (" + c.paper() + ")")).append(", ")
                    .append(foldedHtml(sourceText(v))).append("</li>");
            b.append("<li>reported: ").append(esc(c.reportedText())).append("; measured: ")
                    .append(esc(measuredText(v))).append("; tolerance ").append(esc(c.tolerance())).append(" — ")
                    .append(esc(c.toleranceWhy())).append("</li>");
            b.append("<li>check: ").append(esc(v.result().message())).append("</li>");
            for (String x : marks(v)) {
                b.append("<li class=\"mark\">").append(esc(x)).append("</li>");
            }
            b.append("<li>seed ").append(r.seed()).append(", config ").append(esc(r.configHash())).append(" <code>")
                    .append(esc(r.config())).append("</code>, device ").append(esc(r.device())).append(", ")
                    .append(Numbers.seconds(r.wallSeconds())).append(" s, ").append(esc(r.timestamp()))
                    .append("</li>");
            b.append("<li>versions: ").append(esc(String.valueOf(r.versions()))).append("</li>");
            if (v.result().details() != null && !v.result().details().isEmpty()) {
                b.append("<li>details: ").append(esc(detailsText(v))).append("</li>");
            }
            b.append("</ul>");
            for (String f : figs.getOrDefault(v.claimId(), List.of())) {
                b.append("<img src=\"figures/").append(esc(f)).append(".png\" alt=\"").append(esc(f)).append("\">");
            }
            b.append("</div>\n");
        }
        if (m.history().size() >= 2) {
            b.append("<h2>Ledger (all runs, oldest first)</h2><details><summary>").append(m.history().size())
                    .append(" verdicts</summary><table><tr><th>time</th><th>claim</th><th>measured</th>"
                            + "<th>verdict</th><th>seed</th><th>config</th><th>device</th><th>seconds</th></tr>\n");
            for (Verdict v : m.history()) {
                b.append("<tr><td>").append(esc(v.run().timestamp())).append("</td><td>").append(esc(v.claimId()))
                        .append("</td><td>").append(esc(measuredText(v))).append("</td><td class=\"verdict ")
                        .append(cssClass(v.status())).append("\">").append(esc(v.status().label()))
                        .append("</td><td>").append(v.run().seed()).append("</td><td>")
                        .append(esc(v.run().configHash())).append("</td><td>").append(esc(v.run().device()))
                        .append("</td><td>").append(Numbers.seconds(v.run().wallSeconds())).append("</td></tr>\n");
            }
            b.append("</table></details>\n");
        }
        return b.append("</body></html>\n").toString();
    }
}
