package org.linrepro.kernel.nb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A standalone HTML page of an executed notebook, readable offline: markdown cells rendered (CommonMark with tables;
 * TeX between {@code $} kept verbatim for MathJax), code cells highlighted ({@link JavaHighlighter}) with
 * {@code In [n]:}/{@code Out[n]:} prompts and their outputs — the richest MIME type of each output (HTML, PNG/JPEG/SVG
 * inline, Markdown, then plain text). MathJax is not fetched from a CDN: the page loads
 * {@value #MATHJAX_FILE} from next to it, which {@link #writeAssets} copies there from the bundled WebJar.
 */
public final class HtmlExport {
    /** Where a page expects MathJax, relative to the page. */
    public static final String MATHJAX_FILE = "mathjax/tex-svg-full.js";

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();
    /** $$…$$ or $…$ (not an escaped \$), protected from Markdown's emphasis rules. */
    private static final Pattern MATH = Pattern.compile("\\$\\$.+?\\$\\$|(?<!\\\\)\\$[^$\\n]+?\\$", Pattern.DOTALL);
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final String STYLE = String.join("\n",
            "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.5}",
            "pre{background:#f6f8fa;padding:.5em .6em;overflow-x:auto;font-size:88%;margin:0}",
            ".cell{display:grid;grid-template-columns:5.5em minmax(0,1fr);column-gap:.5em;margin:.8em 0}",
            ".cell.markdown,.cell.raw{display:block;margin-left:6em}",
            ".prompt{font-family:monospace;font-size:85%;text-align:right;padding-top:.5em;white-space:nowrap}",
            ".prompt.in{color:#303f9f}.prompt.out{color:#d84315}",
            ".input pre{border-left:3px solid #4a7ebb}",
            ".output{margin-top:.3em;overflow-x:auto}.output pre{background:#fff;border-left:3px solid #ccc}",
            ".output pre.stderr{background:#fff4f4}.output pre.error{background:#fdd;border-left-color:#c00}",
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}",
            "img{max-width:100%}",
            ".k{color:#0033b3;font-weight:600}.s{color:#067d17}.n{color:#1750eb}.c{color:#8c8c8c;font-style:italic}",
            ".a{color:#9e880d}.t{color:#00627a}.m{color:#871094;font-weight:600}");

    private HtmlExport() {
    }

    public static String page(String title, JsonNode notebook) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>\n").append(STYLE).append("\n</style>\n")
                .append("<script>window.MathJax={tex:{inlineMath:[['$','$'],['\\\\(','\\\\)']]},")
                .append("svg:{fontCache:'global'}};</script>\n")
                .append("<script async src=\"").append(MATHJAX_FILE).append("\"></script>\n")
                .append("</head><body>\n");
        for (JsonNode cell : notebook.path("cells")) {
            String type = cell.path("cell_type").asText();
            String source = NotebookRunner.source(cell);
            if (type.equals("markdown")) {
                b.append("<div class=\"cell markdown\">").append(markdown(source)).append("</div>\n");
            } else if (type.equals("code")) {
                JsonNode count = cell.get("execution_count");
                String n = count == null || count.isNull() ? " " : count.asText();
                b.append("<div class=\"cell code\"><div class=\"prompt in\">In&nbsp;[").append(n).append("]:</div>")
                        .append("<div class=\"input\"><pre><code>").append(JavaHighlighter.html(source))
                        .append("</code></pre></div>\n");
                for (JsonNode o : cell.path("outputs")) {
                    boolean result = "execute_result".equals(o.path("output_type").asText());
                    String prompt = result ? "Out[" + o.path("execution_count").asText(n) + "]:" : "";
                    b.append("<div class=\"prompt out\">").append(prompt).append("</div><div class=\"output\">")
                            .append(output(o)).append("</div>\n");
                }
                b.append("</div>\n");
            } else {
                b.append("<div class=\"cell raw\"><pre>").append(escape(source)).append("</pre></div>\n");
            }
        }
        return b.append("</body></html>\n").toString();
    }

    /** Copies what the pages load (MathJax) into {@code dir}, the folder the pages are written to. */
    public static void writeAssets(Path dir) throws IOException {
        Path target = dir.resolve(MATHJAX_FILE);
        String resource = mathJaxResource();
        try (InputStream in = HtmlExport.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("MathJax (" + resource + ") is missing from the kernel's classpath");
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".mathjax", ".tmp");
            try {
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The WebJar's path of MathJax's all-in-one TeX-to-SVG script (needs no fonts or extensions fetched later). */
    static String mathJaxResource() {
        Properties p = new Properties();
        try (InputStream in = HtmlExport.class.getResourceAsStream("mathjax.properties")) {
            if (in == null) {
                throw new IllegalStateException("mathjax.properties missing from the kernel jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "META-INF/resources/webjars/mathjax/" + p.getProperty("version") + "/es5/tex-svg-full.js";
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

    private static String output(JsonNode o) {
        switch (o.path("output_type").asText()) {
            case "stream" -> {
                String name = o.path("name").asText("stdout");
                String text = NotebookRunner.multiline(o.get("text"));
                return "<pre class=\"" + escape(name) + "\">" + escape(text) + "</pre>";
            }
            case "error" -> {
                StringBuilder tb = new StringBuilder();
                for (JsonNode l : o.path("traceback")) {
                    tb.append(l.asText()).append('\n');
                }
                String body = tb.length() > 0 ? tb.toString()
                        : o.path("ename").asText() + ": " + o.path("evalue").asText();
                return "<pre class=\"error\">" + escape(ANSI.matcher(body).replaceAll("")) + "</pre>";
            }
            case "display_data", "execute_result" -> {
                return richest(o.get("data"));
            }
            default -> {
                return "";
            }
        }
    }

    private static String richest(JsonNode data) {
        if (data == null || !data.isObject()) {
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
