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
 * The reports folder: {@code index.md} and {@code index.html} (reported vs measured for every claim, with
 * details and figures), {@code figures/*.png}. Built from verdicts, so {@code ./linrepro report} can rebuild
 * it from the ledger alone. Each file is written atomically.
 */
public final class Report {
    private Report() {}

    /** Reported-vs-measured table (one row per verdict), also what notebooks display. */
    public static Table summary(List<Verdict> verdicts) {
        Table t = Table.create("verdicts",
                StringColumn.create("claim"), StringColumn.create("paper"), StringColumn.create("source"),
                StringColumn.create("reported"), StringColumn.create("measured"), StringColumn.create("tolerance"),
                StringColumn.create("verdict"), DoubleColumn.create("seconds"));
        for (Verdict v : verdicts) {
            t.stringColumn("claim").append(v.claimId());
            t.stringColumn("paper").append(v.arxiv());
            t.stringColumn("source").append(v.source());
            t.stringColumn("reported").append(v.reported() != null ? Numbers.format(v.reported()) : v.reportedText());
            t.stringColumn("measured").append(measuredText(v));
            t.stringColumn("tolerance").append(v.tolerance());
            t.stringColumn("verdict").append(v.status().label());
            t.doubleColumn("seconds").append(Math.round(v.wallSeconds() * 10) / 10.0);
        }
        return t;
    }

    public static String measuredText(Verdict v) {
        if (v.measured() == null) {
            return "—";
        }
        String s = Numbers.format(v.measured());
        return v.standardError() != null ? s + " ± " + Numbers.format(v.standardError()) : s;
    }

    /** Writes index.md, index.html and figures for the latest verdicts; {@code history} feeds the drift table. */
    public static Path write(Path dir, List<Verdict> latest, List<Verdict> history) {
        try {
            Path figDir = dir.resolve("figures");
            Map<String, List<String>> figs = new LinkedHashMap<>();
            for (Verdict v : latest) {
                List<String> names = new ArrayList<>();
                for (FigureData f : v.figures() == null ? List.<FigureData>of() : v.figures()) {
                    FigureRenderer.writePng(f, figDir);
                    names.add(f.name());
                }
                figs.put(v.claimId(), names);
            }
            Table t = summary(latest);
            AtomicFiles.write(dir.resolve("index.md"), markdown(t, latest, history, figs));
            Path html = dir.resolve("index.html");
            AtomicFiles.write(html, html(t, latest, history, figs));
            return html;
        } catch (IOException e) {
            throw new LinreproException("cannot write report into " + dir + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    private static String counts(List<Verdict> vs) {
        Map<Verdict.Status, Integer> c = new LinkedHashMap<>();
        for (Verdict v : vs) {
            c.merge(v.status(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        c.forEach((k, n) -> parts.add(n + " " + k.label()));
        return String.join(", ", parts);
    }

    private static String markdown(Table t, List<Verdict> latest, List<Verdict> history,
            Map<String, List<String>> figs) {
        StringBuilder b = new StringBuilder("# linrepro report\n\n");
        b.append(latest.size()).append(" claims: ").append(counts(latest)).append(".\n\n");
        b.append('|');
        for (String name : t.columnNames()) {
            b.append(' ').append(name).append(" |");
        }
        b.append("\n|");
        t.columnNames().forEach(n -> b.append(" --- |"));
        b.append('\n');
        for (int r = 0; r < t.rowCount(); r++) {
            b.append('|');
            for (int c = 0; c < t.columnCount(); c++) {
                b.append(' ').append(t.getString(r, c).replace("|", "\\|")).append(" |");
            }
            b.append('\n');
        }
        b.append("\n## Details\n");
        for (Verdict v : latest) {
            b.append("\n### ").append(v.claimId()).append(" — ").append(v.status().label()).append("\n\n");
            b.append("- paper: ").append(v.arxiv()).append(" (").append(v.paper()).append("), ").append(v.source())
                    .append('\n');
            b.append("- reported: ").append(v.reportedText()).append("; measured: ").append(measuredText(v))
                    .append("; tolerance ").append(v.tolerance()).append(" — ").append(v.toleranceWhy()).append('\n');
            b.append("- check: ").append(v.message()).append('\n');
            b.append("- seed ").append(v.seed()).append(", config ").append(v.configHash()).append(" `")
                    .append(v.config()).append("`, device ").append(v.device()).append(", ")
                    .append(Numbers.seconds(v.wallSeconds())).append(" s, ").append(v.timestamp()).append('\n');
            b.append("- versions: ").append(v.versions()).append('\n');
            if (v.details() != null && !v.details().isEmpty()) {
                b.append("- details: ");
                List<String> ds = new ArrayList<>();
                v.details().forEach((k, x) -> ds.add(k + " = " + Numbers.format(x)));
                b.append(String.join(", ", ds)).append('\n');
            }
            for (String f : figs.getOrDefault(v.claimId(), List.of())) {
                b.append("\n![").append(f).append("](figures/").append(f).append(".png)\n");
            }
        }
        b.append(historyMarkdown(history));
        return b.toString();
    }

    private static String historyMarkdown(List<Verdict> history) {
        if (history.size() < 2) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Ledger (all runs, oldest first)\n\n");
        b.append("| time | claim | measured | verdict | seed | config | device | seconds |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Verdict v : history) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %s | %s |%n", v.timestamp(),
                    v.claimId(), measuredText(v), v.status().label(), v.seed(), v.configHash(), v.device(),
                    Numbers.seconds(v.wallSeconds())));
        }
        return b.toString();
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** HTML table of verdicts with pass/fail colouring; also used by the Jupyter kernel's renderer. */
    public static String htmlTable(Table t) {
        StringBuilder b = new StringBuilder("<table class=\"verdicts\">\n<thead><tr>");
        for (String n : t.columnNames()) {
            b.append("<th>").append(esc(n)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int vcol = t.columnNames().indexOf("verdict");
        for (int r = 0; r < t.rowCount(); r++) {
            String status = vcol >= 0 ? t.getString(r, vcol) : "";
            String cls = status.equals("pass") ? "pass" : status.equals("no data") ? "nodata" : "fail";
            b.append("<tr class=\"").append(cls).append("\">");
            for (int c = 0; c < t.columnCount(); c++) {
                String cell = esc(t.getString(r, c));
                if (c == 0) {
                    cell = "<a href=\"#" + cell + "\">" + cell + "</a>";
                }
                b.append("<td>").append(cell).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static String html(Table t, List<Verdict> latest, List<Verdict> history, Map<String, List<String>> figs) {
        StringBuilder b = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>linrepro report</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}
                table{border-collapse:collapse;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}
                tr.pass td:nth-child(7){background:#d7f5d7}tr.fail td:nth-child(7){background:#f8d0d0;font-weight:bold}
                tr.nodata td:nth-child(7){background:#eee}
                .claim{border-top:1px solid #ddd;margin-top:1.5em}.pass{color:#176b17}.fail{color:#a11}
                code{background:#f4f4f4;padding:1px 3px}img{max-width:760px;display:block;margin:0.5em 0}
                </style></head><body>
                <h1>linrepro report</h1>
                """);
        b.append("<p>").append(latest.size()).append(" claims: ").append(esc(counts(latest))).append(".</p>\n");
        b.append(htmlTable(t));
        for (Verdict v : latest) {
            String cls = v.status() == Verdict.Status.PASS ? "pass" : "fail";
            b.append("<div class=\"claim\" id=\"").append(esc(v.claimId())).append("\"><h3>")
                    .append(esc(v.claimId())).append(" — <span class=\"").append(cls).append("\">")
                    .append(esc(v.status().label())).append("</span></h3><ul>");
            b.append("<li>paper: ").append(esc(v.arxiv() + " (" + v.paper() + "), " + v.source())).append("</li>");
            b.append("<li>reported: ").append(esc(v.reportedText())).append("; measured: ")
                    .append(esc(measuredText(v))).append("; tolerance ").append(esc(v.tolerance())).append(" — ")
                    .append(esc(v.toleranceWhy())).append("</li>");
            b.append("<li>check: ").append(esc(v.message())).append("</li>");
            b.append("<li>seed ").append(v.seed()).append(", config ").append(esc(v.configHash())).append(" <code>")
                    .append(esc(v.config())).append("</code>, device ").append(esc(v.device())).append(", ")
                    .append(Numbers.seconds(v.wallSeconds())).append(" s, ").append(esc(v.timestamp()))
                    .append("</li>");
            b.append("<li>versions: ").append(esc(String.valueOf(v.versions()))).append("</li>");
            if (v.details() != null && !v.details().isEmpty()) {
                List<String> ds = new ArrayList<>();
                v.details().forEach((k, x) -> ds.add(k + " = " + Numbers.format(x)));
                b.append("<li>details: ").append(esc(String.join(", ", ds))).append("</li>");
            }
            b.append("</ul>");
            for (String f : figs.getOrDefault(v.claimId(), List.of())) {
                b.append("<img src=\"figures/").append(esc(f)).append(".png\" alt=\"").append(esc(f)).append("\">");
            }
            b.append("</div>\n");
        }
        if (history.size() >= 2) {
            b.append("<h2>Ledger (all runs, oldest first)</h2><table><tr><th>time</th><th>claim</th><th>measured</th>"
                    + "<th>verdict</th><th>seed</th><th>config</th><th>device</th><th>seconds</th></tr>\n");
            for (Verdict v : history) {
                b.append("<tr><td>").append(esc(v.timestamp())).append("</td><td>").append(esc(v.claimId()))
                        .append("</td><td>").append(esc(measuredText(v))).append("</td><td>")
                        .append(esc(v.status().label())).append("</td><td>").append(v.seed()).append("</td><td>")
                        .append(esc(v.configHash())).append("</td><td>").append(esc(v.device())).append("</td><td>")
                        .append(Numbers.seconds(v.wallSeconds())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        return b.append("</body></html>\n").toString();
    }
}
