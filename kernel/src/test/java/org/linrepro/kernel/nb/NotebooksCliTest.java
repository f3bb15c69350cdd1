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

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
        JsonObject c = new JsonObject();
        c.addProperty("cell_type", type);
        c.add("metadata", new JsonObject());
        c.addProperty("source", source);
        if (type.equals("code")) {
            c.add("outputs", new JsonArray());
            c.add("execution_count", com.google.gson.JsonNull.INSTANCE);
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
                cell("code", "display(\"<b>bold</b>\", \"text/html\");"));
        String before = Files.readString(source);
        Path out = dir.resolve("out");
        Run r = cli("run", "good", "--notebooks", dir.resolve("notebooks").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals(before, Files.readString(source), "the source notebook must not change");

        JsonObject nb = JsonParser.parseString(Files.readString(out.resolve("good.ipynb"))).getAsJsonObject();
        JsonArray cells = nb.getAsJsonArray("cells");
        JsonArray printed = cells.get(1).getAsJsonObject().getAsJsonArray("outputs");
        assertEquals(1, printed.size(), "consecutive stdout joins one stream output");
        assertEquals("hello\nagain\n", printed.get(0).getAsJsonObject().get("text").getAsString());
        JsonObject result = cells.get(2).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("execute_result", result.get("output_type").getAsString());
        assertEquals(2, result.get("execution_count").getAsInt());
        assertEquals("3", result.getAsJsonObject("data").get("text/plain").getAsString());
        JsonObject shown = cells.get(3).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("display_data", shown.get("output_type").getAsString());
        assertEquals("<b>bold</b>", shown.getAsJsonObject("data").get("text/html").getAsString());
        assertEquals("java", nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());

        String html = Files.readString(out.resolve("good.html"));
        assertTrue(html.contains("<h1>Title</h1>"), html);
        assertTrue(html.contains("$\\eta_* = 1/(n+d+1)$"), "TeX kept verbatim for MathJax: " + html);
        assertTrue(html.contains("<em>emphasis</em>") && html.contains("<table>"), html);
        assertTrue(html.contains("<b>bold</b>") && html.contains("hello\nagain"), html);
        assertTrue(Files.readString(out.resolve("index.html")).contains("good.html"));
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
        JsonArray cells = JsonParser.parseString(Files.readString(out.resolve("bad.ipynb"))).getAsJsonObject()
                .getAsJsonArray("cells");
        JsonObject error = cells.get(1).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertTrue(error.get("evalue").getAsString().contains("boom"));
        assertEquals(0, cells.get(2).getAsJsonObject().getAsJsonArray("outputs").size(), "not reached");
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
}
