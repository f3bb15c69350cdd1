package org.linrepro.kernel.nb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.linrepro.kernel.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code linrepro notebooks run}: executed copies with nbformat outputs, HTML exports, exit codes. */
class NotebooksCliTest {

    @TempDir
    Path dir;

    @AfterAll
    static void rebindShared() throws Exception {
        // closing a session unbinds display(); other test classes share one session (package-private helper)
        java.lang.reflect.Method rebind = Class.forName("org.linrepro.kernel.Sessions").getDeclaredMethod("rebind");
        rebind.setAccessible(true);
        rebind.invoke(null);
    }

    private static String cell(String type, String source) {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("cell_type", type);
        c.putObject("metadata");
        c.put("source", source);
        if (type.equals("code")) {
            c.putArray("outputs");
            c.putNull("execution_count");
        }
        return c.toString();
    }

    private Path notebook(String name, String... cells) throws Exception {
        Path nbs = Files.createDirectories(dir.resolve("notebooks"));
        String json = "{\"cells\":[" + String.join(",", cells) + "],\"metadata\":{\"kernelspec\":{\"name\":\"java\","
                + "\"language\":\"java\",\"display_name\":\"Java (linrepro)\"}},\"nbformat\":4,\"nbformat_minor\":5}";
        Path p = nbs.resolve(name + ".ipynb");
        Files.writeString(p, json);
        return p;
    }

    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NotebooksCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesExecutedCopyAndHtml() throws Exception {
        Path source = notebook("good",
                cell("markdown", "# Title\n\nThe step is $\\eta_* = 1/(n+d+1)$ and *emphasis*.\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
                cell("code", "System.out.println(\"hello\");\nSystem.out.println(\"again\");"),
                cell("code", "1 + 2"),
                cell("code", "display(\"<b>bold</b>\", \"text/html\");"),
                cell("code", "String id = display(\"step 0\");\nfor (int i = 1; i <= 50; i++) updateDisplay(id, \"step \" + i);"));
        String before = Files.readString(source);
        Path out = dir.resolve("out");
        Run r = cli("run", "good", "--notebooks", dir.resolve("notebooks").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(before, Files.readString(source), "the source notebook must not change");

        JsonNode nb = Json.parse(Files.readString(out.resolve("good.ipynb")));
        JsonNode cells = nb.get("cells");
        JsonNode printed = cells.get(1).get("outputs");
        assertEquals(1, printed.size(), "consecutive stdout joins one stream output");
        assertEquals("hello\nagain\n", printed.get(0).get("text").asText());
        JsonNode result = cells.get(2).get("outputs").get(0);
        assertEquals("execute_result", result.get("output_type").asText());
        assertEquals(2, result.get("execution_count").asInt());
        assertEquals("3", result.get("data").get("text/plain").asText());
        JsonNode shown = cells.get(3).get("outputs").get(0);
        assertEquals("display_data", shown.get("output_type").asText());
        assertEquals("<b>bold</b>", shown.get("data").get("text/html").asText());
        assertEquals("java", nb.get("metadata").get("kernelspec").get("name").asText());
        JsonNode progress = cells.get(4).get("outputs");
        assertEquals(1, progress.size(), "a display updated 50 times is one output: " + progress);
        assertEquals("step 50", progress.get(0).get("data").get("text/plain").asText(), "its last state is kept");

        String html = Files.readString(out.resolve("good.html"));
        assertTrue(html.contains("<h1>Title</h1>"), html);
        assertTrue(html.contains("$\\eta_* = 1/(n+d+1)$"), "TeX kept verbatim for MathJax: " + html);
        assertTrue(html.contains("<em>emphasis</em>") && html.contains("<table>"), html);
        assertTrue(html.contains("<b>bold</b>") && html.contains("hello\nagain"), html);
        assertTrue(Files.readString(out.resolve("index.html")).contains("good.html"));
        assertTrue(html.contains("<script async src=\"mathjax/tex-svg-full.js\">") && !html.contains("cdn."),
                "MathJax comes from next to the page, not a CDN");
        assertTrue(Files.size(out.resolve(HtmlExport.MATHJAX_FILE)) > 1_000_000, "MathJax copied next to the pages");
        assertTrue(html.contains("In&nbsp;[2]:") && html.contains("Out[2]:"), "In/Out prompts");
        assertTrue(html.contains("<span class=\"t\">System</span>.out.println(<span class=\"s\">&quot;hello&quot;</span>)"),
                "code is highlighted");
    }

    @Test
    void failingCellStopsTheRunKeepsItsErrorAndExitsOne() throws Exception {
        notebook("bad",
                cell("code", "int x = 1;"),
                cell("code", "throw new IllegalStateException(\"boom\");"),
                cell("code", "System.out.println(\"never\");"));
        Path out = dir.resolve("out");
        Run r = cli("run", "bad.ipynb", "--notebooks", dir.resolve("notebooks").toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED  bad  cell 2") && r.out().contains("boom"), r.out());
        JsonNode cells = Json.parse(Files.readString(out.resolve("bad.ipynb"))).get("cells");
        JsonNode error = cells.get(1).get("outputs").get(0);
        assertEquals("error", error.get("output_type").asText());
        assertTrue(error.get("evalue").asText().contains("boom"));
        assertEquals(0, cells.get(2).get("outputs").size(), "not reached");
        assertTrue(Files.readString(out.resolve("bad.html")).contains("class=\"error\""));
    }

    @Test
    void unknownNotebookAndBadOptionsExitTwo() throws Exception {
        notebook("only", cell("code", "1"));
        Run r = cli("run", "nope", "--notebooks", dir.resolve("notebooks").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown notebook 'nope'") && r.err().contains("known: only"), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "nothing written for bad input");
        assertEquals(2, cli("run", "--frobnicate").code());
        assertEquals(2, cli("execute").code());
        Run list = cli("list", "--notebooks", dir.resolve("notebooks").toString());
        assertEquals(0, list.code());
        assertEquals("only", list.out().trim());
    }

    @Test
    void aCellCallingSystemExitIsAFailedCellNotAnEndedRun() throws Exception {
        notebook("quits",
                cell("code", "int x = 1;"),
                cell("code", "System.exit(0);"),
                cell("code", "System.out.println(\"never\");"));
        Path out = dir.resolve("out");
        Run r = cli("run", "quits", "--notebooks", dir.resolve("notebooks").toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED  quits  cell 2: SystemExitRefused"), r.out());
        assertTrue(Files.readString(out.resolve("quits.ipynb")).contains("System.exit"));
    }

    @Test
    void libraryCodeEndingTheProcessStillWritesTheReportAndExitsOne() throws Exception {
        // reflection stands for a library calling System.exit: the kernel's check sees only the cell's own calls
        notebook("ends",
                cell("code", "System.out.println(\"before\");"),
                cell("code", "System.out.println(\"going\");\nSystem.class.getMethod(\"exit\", int.class).invoke(null, 0);"),
                cell("code", "System.out.println(\"never\");"));
        Path out = dir.resolve("out");
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                NotebooksCli.class.getName(), "run", "ends", "--notebooks", dir.resolve("notebooks").toString(),
                "--out", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), log);
        assertEquals(1, p.exitValue(), "exit 1 although the cell asked for 0:\n" + log);
        assertTrue(log.contains("FAILED  ends  cell 2: ProcessExit"), log);
        JsonNode cells = Json.parse(Files.readString(out.resolve("ends.ipynb"))).get("cells");
        JsonNode outputs = cells.get(1).get("outputs");
        assertEquals("going\n", outputs.get(0).get("text").asText(), "the cell's output so far is kept");
        assertEquals("ProcessExit", outputs.get(1).get("ename").asText());
        assertTrue(Files.readString(out.resolve("index.html")).contains("ProcessExit"));
    }
}
