package org.linrepro.kernel.nb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * A standalone HTML page of an executed notebook: markdown cells rendered (CommonMark with tables; TeX between
 * {@code $} kept verbatim for MathJax, which the page loads when online), code cells with their outputs — the richest
 * MIME type of each output (HTML, PNG/JPEG/SVG inline, Markdown, then plain text).
 */
public final class HtmlExport {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();
    /** $$…$$ or $…$ (not an escaped \$), protected from Markdown's emphasis rules. */
    private static final Pattern MATH = Pattern.compile("\\$\\$.+?\\$\\$|(?<!\\\\)\\$[^$\\n]+?\\$", Pattern.DOTALL);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private HtmlExport() {
    }

    public static String page(String title, JsonObject notebook) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;")
                .append("line-height:1.5}\n")
                .append("pre{background:#f6f8fa;padding:.6em;overflow-x:auto;font-size:90%}\n")
                .append(".cell{margin:1em 0}.prompt{color:#888;font-size:80%}\n")
                .append(".input pre{border-left:3px solid #4a7ebb}.output pre{background:#fff;border-left:3px solid #ccc}\n")
                .append(".output pre.stderr{background:#fff4f4}.output pre.error{background:#fdd;border-left-color:#c00}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}\n")
                .append("img{max-width:100%}\n</style>\n")
                .append("<script>window.MathJax={tex:{inlineMath:[['$','$']]}};</script>\n")
                .append("<script async src=\"https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js\"></script>\n")
                .append("</head><body>\n");
        JsonArray cells = notebook.getAsJsonArray("cells");
        for (JsonElement e : cells) {
            JsonObject cell = e.getAsJsonObject();
            String type = cell.has("cell_type") ? cell.get("cell_type").getAsString() : "";
            String source = NotebookRunner.source(cell);
            if (type.equals("markdown")) {
                b.append("<div class=\"cell markdown\">").append(markdown(source)).append("</div>\n");
            } else if (type.equals("code")) {
                JsonElement count = cell.get("execution_count");
                String n = count == null || count.isJsonNull() ? " " : count.getAsString();
                b.append("<div class=\"cell code\"><div class=\"prompt\">In [").append(n).append("]:</div>")
                        .append("<div class=\"input\"><pre><code>").append(escape(source)).append("</code></pre></div>\n");
                JsonArray outputs = cell.getAsJsonArray("outputs");
                if (outputs != null) {
                    for (JsonElement o : outputs) {
                        b.append("<div class=\"output\">").append(output(o.getAsJsonObject())).append("</div>\n");
                    }
                }
                b.append("</div>\n");
            } else {
                b.append("<div class=\"cell raw\"><pre>").append(escape(source)).append("</pre></div>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }

    static String markdown(String source) {
        List<String> math = new ArrayList<>();
        Matcher m = MATH.matcher(source);
        StringBuilder protectedText = new StringBuilder();
        while (m.find()) {
            math.add(m.group());
            m.appendReplacement(protectedText, "LINREPROMATH" + (math.size() - 1) + "X");
        }
        m.appendTail(protectedText);
        String html = RENDERER.render(PARSER.parse(protectedText.toString()));
        for (int i = math.size() - 1; i >= 0; i--) {
            html = html.replace("LINREPROMATH" + i + "X", escape(math.get(i)));
        }
        return html;
    }

    private static String output(JsonObject o) {
        String type = o.get("output_type").getAsString();
        switch (type) {
            case "stream" -> {
                String name = o.has("name") ? o.get("name").getAsString() : "stdout";
                String text = NotebookRunner.multiline(o.get("text"));
                return "<pre class=\"" + escape(name) + "\">" + escape(text) + "</pre>";
            }
            case "error" -> {
                StringBuilder tb = new StringBuilder();
                for (JsonElement l : o.getAsJsonArray("traceback")) {
                    tb.append(l.getAsString()).append('\n');
                }
                String body = tb.length() > 0 ? tb.toString()
                        : o.get("ename").getAsString() + ": " + o.get("evalue").getAsString();
                return "<pre class=\"error\">" + escape(ANSI.matcher(body).replaceAll("")) + "</pre>";
            }
            case "display_data", "execute_result" -> {
                return richest(o.getAsJsonObject("data"));
            }
            default -> {
                return "";
            }
        }
    }

    private static String richest(JsonObject data) {
        if (data == null) {
            return "";
        }
        if (data.has("text/html")) {
            return NotebookRunner.multiline(data.get("text/html"));
        }
        for (String image : List.of("image/png", "image/jpeg")) {
            if (data.has(image)) {
                String base64 = NotebookRunner.multiline(data.get(image)).replaceAll("\\s", "");
                return "<img src=\"data:" + image + ";base64," + base64 + "\" alt=\"figure\">";
            }
        }
        if (data.has("image/svg+xml")) {
            return NotebookRunner.multiline(data.get("image/svg+xml"));
        }
        if (data.has("text/markdown")) {
            return markdown(NotebookRunner.multiline(data.get("text/markdown")));
        }
        if (data.has("text/plain")) {
            return "<pre>" + escape(NotebookRunner.multiline(data.get("text/plain"))) + "</pre>";
        }
        return "";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
