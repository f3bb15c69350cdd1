package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;

class JavaSessionTest {

    @Test
    void lastExpressionIsTheValue() {
        Sessions.Run r = Sessions.run("int a = 2;\nint b = 3;\na * b");
        assertEquals("6", r.text());
        assertEquals(6, r.result().value());
    }

    @Test
    void declarationsAndStatementsHaveNoValue() {
        assertFalse(Sessions.run("int declared = 1;").result().hasValue());
        assertFalse(Sessions.run("System.out.print(\"\")").result().hasValue());
        assertFalse(Sessions.run("String nothing = null;\nnothing").result().hasValue());
    }

    @Test
    void printsGoToTheCell() {
        Sessions.Run r = Sessions.run("System.out.println(\"hello\");\nSystem.err.println(\"oops\");");
        assertEquals("hello\n", r.output().out.toString());
        assertEquals("oops\n", r.output().err.toString());
    }

    @Test
    void statePersistsAcrossCellsAndDefaultImportsHold() {
        Sessions.run("List<String> names = new ArrayList<>(List.of(\"b\", \"a\"));");
        assertEquals("[a, b]", Sessions.run("Collections.sort(names);\nnames").text());
    }

    @Test
    void compileErrorsCarryTheCellsLineNumbers() {
        CellException e = assertThrows(CellException.class,
                () -> Sessions.run("int ok = 1;\n\n// a comment\nString s = undefinedThing + 1;"));
        assertEquals("CompilationError", e.ename());
        assertTrue(e.evalue().startsWith("line 4: cannot find symbol"), e.evalue());
        assertTrue(e.traceback().contains("    4 | String s = undefinedThing + 1;"), String.join("\n", e.traceback()));
        assertTrue(e.traceback().stream().anyMatch(l -> l.contains("^^^^^^^^^^^^^^")), String.join("\n", e.traceback()));
    }

    @Test
    void compileErrorLinesCountMagicLinesAndMultiLineSnippets() {
        CellException e = assertThrows(CellException.class,
                () -> Sessions.run("%lsmagic\nint f(int x) {\n  return x +\n    \"s\";\n}"));
        assertTrue(e.evalue().startsWith("line 3:") || e.evalue().startsWith("line 4:"), e.evalue());
        CellException incomplete = assertThrows(CellException.class,
                () -> Sessions.run("int fine = 1;\nvoid open() {\n  int y = 2;"));
        assertEquals("CompilationError", incomplete.ename());
        assertTrue(incomplete.evalue().startsWith("line 2: incomplete"), incomplete.evalue());
    }

    @Test
    void exceptionsShowTheUsersFramesWithCellLines() {
        CellException e = assertThrows(CellException.class, () -> Sessions.run(
                "void boom() {\n  int a = 1;\n  throw new IllegalStateException(\"bad state\");\n}\nint before = 0;\nboom();"));
        assertEquals("java.lang.IllegalStateException", e.ename());
        assertEquals("bad state", e.evalue());
        List<String> tb = e.traceback();
        assertEquals("java.lang.IllegalStateException: bad state", tb.get(0));
        assertTrue(tb.contains("    at boom(), line 3"), String.join("\n", tb));
        assertTrue(tb.contains("    at line 6"), String.join("\n", tb));
        assertTrue(tb.stream().noneMatch(l -> l.contains("jdk.jshell") || l.contains("reflect")), String.join("\n", tb));

        CellException later = assertThrows(CellException.class, () -> Sessions.run("int x = 1;\nboom()"));
        assertTrue(later.traceback().stream().anyMatch(l -> l.matches("    at boom\\(\\), cell \\[\\d+] line 3")),
                String.join("\n", later.traceback()));
    }

    @Test
    void exceptionsFromLibrariesNameWhereTheyWereThrown() {
        CellException e = assertThrows(CellException.class,
                () -> Sessions.run("Objects.requireNonNull(null, \"needs a value\");"));
        assertEquals("java.lang.NullPointerException", e.ename());
        assertEquals("needs a value", e.evalue());
        assertTrue(e.traceback().get(1).startsWith("    thrown in java.util.Objects.requireNonNull(Objects.java:"),
                String.join("\n", e.traceback()));
        assertEquals("    at line 1", e.traceback().get(2));
        CellException npe = assertThrows(CellException.class, () -> Sessions.run("String none = null;\nnone.length()"));
        assertFalse(npe.evalue().contains("$JShell"), npe.evalue());
    }

    @Test
    void exceptionsDeclaredInCellsAndCausesAreNamedPlainly() {
        Sessions.run("class MyProblem extends RuntimeException {\n  MyProblem(String m, Throwable c) { super(m, c); }\n}");
        CellException e = assertThrows(CellException.class,
                () -> Sessions.run("throw new MyProblem(\"outer\", new java.io.IOException(\"disk\"));"));
        assertEquals("MyProblem", e.ename());
        assertEquals("MyProblem: outer", e.traceback().get(0));
        assertTrue(e.traceback().contains("Caused by: java.io.IOException: disk"), String.join("\n", e.traceback()));
    }

    @Test
    void theSessionWorksAfterAFailure() {
        assertThrows(CellException.class, () -> Sessions.run("throw new RuntimeException(\"x\");"));
        assertEquals("2", Sessions.run("1 + 1").text());
    }

    @Test
    void interruptStopsABusyLoopAndTheSessionSurvives() throws Exception {
        CompletableFuture<Throwable> cell = runAsync("long spins = 0;\nwhile (true) { spins++; }");
        Thread.sleep(500);
        Throwable t = interruptUntilDone(cell);
        assertTrue(t instanceof CellException, String.valueOf(t));
        assertEquals("Interrupted", ((CellException) t).ename());
        assertEquals("3", Sessions.run("1 + 2").text());
    }

    @Test
    void interruptWakesASleepingCell() throws Exception {
        CompletableFuture<Throwable> cell = runAsync("System.out.println(\"sleeping\");\nThread.sleep(60_000);");
        Throwable t = interruptUntilDone(cell);
        assertEquals("Interrupted", ((CellException) t).ename());
    }

    private static CompletableFuture<Throwable> runAsync(String code) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Sessions.run(code);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    /** Interrupts every 300 ms (an interrupt that lands before the cell starts is forgotten) until the cell ends. */
    private static Throwable interruptUntilDone(CompletableFuture<Throwable> cell) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cell.isDone() && System.nanoTime() < deadline) {
            Sessions.shared().interrupt();
            Thread.sleep(300);
        }
        return cell.get(1, TimeUnit.SECONDS);
    }

    @Test
    void completesMembersNamesAndMagics() {
        JavaSession s = Sessions.shared();
        JavaSession.Completion c = s.complete("Math.ma", 7);
        assertTrue(c.matches().contains("max("), c.matches().toString());
        assertEquals(5, c.start());
        assertEquals(7, c.end());

        Sessions.run("int completeMeVariable = 4;");
        String cell = "int other = 1;\nSystem.out.println(completeMe";
        JavaSession.Completion v = s.complete(cell, cell.length());
        assertTrue(v.matches().contains("completeMeVariable"), v.matches().toString());
        assertEquals(cell.indexOf("completeMe"), v.start());

        JavaSession.Completion m = s.complete("%cla", 4);
        assertEquals(List.of("%classpath"), m.matches());
        assertEquals(0, m.start());
        assertTrue(s.complete("%%ti", 4).matches().contains("%%time"));
    }

    @Test
    void inspectsMethods() {
        var doc = Sessions.shared().inspect("Math.max(1, 2)", 6, false);
        assertNotNull(doc);
        assertTrue(doc.get("text/plain").toString().contains("max("), doc.toString());
        assertNull(Sessions.shared().inspect("   ", 1, false));
    }

    @Test
    void tellsWhetherCodeIsComplete() {
        JavaSession s = Sessions.shared();
        assertEquals("complete", s.isComplete("int x = 1;").status());
        assertEquals("complete", s.isComplete("x + 1").status());
        assertEquals("complete", s.isComplete("%classpath lib/*.jar\nint y = 2;").status());
        JavaSession.Completeness open = s.isComplete("for (int i = 0; i < 3; i++) {");
        assertEquals("incomplete", open.status());
        assertEquals("    ", open.indent());
        assertEquals("invalid", s.isComplete("String s = \"abc").status());
        assertEquals("incomplete", s.isComplete("String t = \"\"\"\n  text").status());
        assertEquals("incomplete", s.isComplete("%%time").status());
        assertEquals("complete", s.isComplete("%%time\nThread.sleep(1);").status());
    }

    @Test
    void displayPublishesAndIsNotAlsoTheCellsValue() {
        Sessions.Run r = Sessions.run("display(\"<b>bold</b>\", \"text/html\");");
        assertEquals(1, r.output().displays.size());
        assertEquals("<b>bold</b>", r.output().displays.get(0).get("text/html"));
        assertFalse(r.result().hasValue());
        Sessions.Run plain = Sessions.run("display(42)");
        assertEquals("42", plain.output().displays.get(0).get("text/plain"));
        assertFalse(plain.result().hasValue());
    }

    @Test
    void cellsCanAddRenderers() {
        Sessions.run("record Point(int x, int y) {}");
        Sessions.run("addRenderer(Point.class, p -> Map.of(\"text/html\", \"<i>\" + p.x() + \",\" + p.y() + \"</i>\"));");
        Sessions.Run r = Sessions.run("new Point(1, 2)");
        assertEquals("<i>1,2</i>", r.result().bundle().get("text/html"));
        assertEquals("Point[x=1, y=2]", r.text());
    }

    @Test
    void timeMagicPrintsWallTimeAndKeepsTheValue() {
        Sessions.Run r = Sessions.run("%%time\nint t = 20;\nt + 1");
        assertEquals("21", r.text());
        assertTrue(r.output().out.toString().matches("CPU time: [0-9.]+ (µs|ms|s), Wall time: [0-9.]+ (µs|ms|s)\n"),
                r.output().out.toString());
        Sessions.Run line = Sessions.run("%time 2 * 21");
        assertEquals("42", line.text());
    }

    @Test
    void classpathMagicAddsFoldersAndReportsMissingPaths() throws Exception {
        Path src = Files.createDirectories(Sessions.workDir().resolve("src/demo"));
        Files.writeString(src.resolve("Greeter.java"),
                "package demo; public class Greeter { public String hi() { return \"hi from a folder\"; } }");
        Path classes = Files.createDirectories(Sessions.workDir().resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.resolve("Greeter.java").toString()));

        Sessions.run("%classpath classes");
        assertEquals("hi from a folder", Sessions.run("new demo.Greeter().hi()").text());

        CellException e = assertThrows(CellException.class, () -> Sessions.run("%jars no/such/dir/*.jar"));
        assertEquals("MagicError", e.ename());
        assertTrue(e.evalue().contains("%jars: no jar or class folder matches 'no/such/dir/*.jar'"), e.evalue());
        assertThrows(CellException.class, () -> Sessions.run("%nosuchmagic"));
    }

    @Test
    void systemExitIsRefusedAndTheSessionLivesOn() {
        for (String cell : List.of("System.exit(0);", "Runtime.getRuntime().halt(3)",
                "void quit() {\n  System.exit(1);\n}", "Runnable r = () -> Runtime.getRuntime().exit(2);",
                "java.util.function.IntConsumer ex = System::exit;")) {
            CellException e = assertThrows(CellException.class, () -> Sessions.run("int beforeExit = 41;\n" + cell),
                    cell);
            assertEquals("SystemExitRefused", e.ename(), cell);
            assertTrue(e.evalue().startsWith("line 2: refused: this code calls "), e.evalue());
        }
        assertEquals("42", Sessions.run("beforeExit + 1").text());
        CellException notDefined = assertThrows(CellException.class, () -> Sessions.run("quit();"));
        assertEquals("CompilationError", notDefined.ename());
    }

    @Test
    void inspectsBareNames() {
        Sessions.run("List<String> inspected = new ArrayList<>(List.of(\"a\"));");
        var variable = Sessions.shared().inspect("inspected", 4, false);
        assertNotNull(variable);
        assertTrue(variable.get("text/plain").toString().contains("java.util.List<java.lang.String>"),
                variable.toString());
        assertNotNull(Sessions.shared().inspect("int n = inspected.size", 19, false), "a member without '('");
        var method = Sessions.shared().inspect("Math.max", 6, false);
        assertNotNull(method, "a method name without '('");
        assertTrue(method.get("text/plain").toString().contains("max("), method.toString());
    }

    @Test
    void loadRunsFilesWithMagicsAndNotebooksCellByCell() throws Exception {
        Path dir = Files.createDirectories(Sessions.workDir().resolve("load"));
        Files.writeString(dir.resolve("helpers.jsh"), "%lsmagic\nint loadedTwice(int x) { return 2 * x; }\nloadedTwice(4)");
        assertEquals("8", Sessions.run("%load load/helpers.jsh").text());
        String nb = "{\"cells\": [{\"cell_type\": \"markdown\", \"source\": \"# utils\"},"
                + " {\"cell_type\": \"code\", \"source\": [\"int fromNotebook = 20;\\n\", \"%lsmagic\"]},"
                + " {\"cell_type\": \"code\", \"source\": \"%%time\\nfromNotebook += 1;\"}], \"nbformat\": 4}";
        Files.writeString(dir.resolve("utils.ipynb"), nb);
        Sessions.run("%load load/utils.ipynb");
        assertEquals("42", Sessions.run("loadedTwice(fromNotebook)").text());
        Files.writeString(dir.resolve("broken.jsh"), "int fine = 1;\nint broken = undefinedName;");
        CellException e = assertThrows(CellException.class, () -> Sessions.run("%load load/broken.jsh"));
        assertTrue(e.evalue().startsWith("broken.jsh line 2: cannot find symbol"), e.evalue());
    }

    @Test
    void renderEvalAndKernelAsInJJava() {
        Sessions.run("int evalBase = 40;");
        assertEquals("42", Sessions.run("eval(\"evalBase + 2\")").text());
        assertEquals("7", Sessions.run("eval(\"int inEval = 7;\\ninEval\")").text());
        Sessions.Run rendered = Sessions.run("render(\"<i>x</i>\", \"text/html\")");
        assertEquals("<i>x</i>", rendered.result().bundle().get("text/html"));
        assertTrue(Sessions.run("kernel().classpath().size() >= 0").text().equals("true"));
        Sessions.run("kernel().addToClasspath(\"no-such-dir-*\")");
    }

    @Test
    void mavenRepoMavenAndLoadFromPomMagicsAddResolvedJars() throws Exception {
        // a remote repository (file:) holding one real jar; the session's resolver is offline on a temporary local
        // repository, so nothing is downloaded and ~/.m2 is untouched
        Path work = Sessions.workDir();
        Path src = Files.createDirectories(work.resolve("mvnsrc/mvndemo"));
        Files.writeString(src.resolve("Hello.java"),
                "package mvndemo; public class Hello { public static String hi() { return \"hi from maven\"; } }");
        Path classes = Files.createDirectories(work.resolve("mvnclasses"));
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                src.resolve("Hello.java").toString()));
        Path dir = Files.createDirectories(work.resolve("remote/demo/hello/1.0"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(dir.resolve("hello-1.0.jar")))) {
            jar.putNextEntry(new java.util.jar.JarEntry("mvndemo/Hello.class"));
            jar.write(Files.readAllBytes(classes.resolve("mvndemo/Hello.class")));
            jar.closeEntry();
        }
        Files.writeString(dir.resolve("hello-1.0.pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>demo</groupId>"
                + "<artifactId>hello</artifactId><version>1.0</version></project>");
        JavaSession s = Sessions.shared();
        s.useMaven(new org.linrepro.kernel.magic.MavenResolver(work.resolve("m2-local"), true));
        try {
            CellException missing = assertThrows(CellException.class, () -> Sessions.run("%maven demo:hello:1.0"));
            assertTrue(missing.evalue().contains("demo:hello"), missing.evalue());
            Sessions.run("%mavenRepo demo-remote " + work.resolve("remote").toUri());
            Sessions.run("%%loadFromPOM\n<dependency><groupId>demo</groupId><artifactId>hello</artifactId>"
                    + "<version>1.0</version></dependency>");
            assertEquals("hi from maven", Sessions.run("mvndemo.Hello.hi()").text());
            Sessions.run("%maven demo:hello:1.0"); // already there: nothing new
        } finally {
            s.useMaven(null);
        }
    }
}
