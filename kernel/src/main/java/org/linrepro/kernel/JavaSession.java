package org.linrepro.kernel;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

import org.linrepro.kernel.exec.CellInterrupted;
import org.linrepro.kernel.exec.ExitGuard;
import org.linrepro.kernel.exec.InProcessExecutionControl;
import org.linrepro.kernel.exec.OutputRouter;
import org.linrepro.kernel.exec.SnippetClassLoader;
import org.linrepro.kernel.magic.CellParser;
import org.linrepro.kernel.magic.Globs;
import org.linrepro.kernel.magic.Magics;
import org.linrepro.kernel.magic.MavenResolver;

/**
 * A notebook's Java state: a JShell whose snippets run in this JVM, the classpath, the renderers and the magics.
 * Knows nothing of Jupyter messaging ({@link LinreproKernel} does), so tests drive it directly.
 *
 * <p>Cells run one at a time ({@link #execute}); {@link #interrupt()} may come from any thread.
 */
public final class JavaSession implements AutoCloseable {

    /** Returned by code that has no value (declarations, statements, most magics). */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "NO_VALUE";
        }
    };

    /** The imports every notebook starts with; the same as JJava's, so notebooks move between the two. */
    public static final List<String> DEFAULT_IMPORTS = List.of(
            "java.util.*", "java.io.*", "java.math.*", "java.net.*", "java.time.*", "java.util.concurrent.*",
            "java.util.prefs.*", "java.util.regex.*");

    private static final Pattern WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$[0-9A-Z]+[.$]");
    private static final Pattern MAGIC_NAME = Pattern.compile("^\\s*(%%?)([\\w.-]*)$");

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final SnippetClassLoader loader;
    private final InProcessExecutionControl control;
    private final RendererRegistry renderers = new RendererRegistry();
    private final Magics magics = Magics.standard();
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final Set<String> displayIds = ConcurrentHashMap.newKeySet();
    private final Path workDir;
    private final Object classpathLock = new Object();
    private MavenResolver maven;
    private volatile CellOutput output;
    private volatile String currentLabel = "";

    /** What a cell gave back: its value (or {@link #NO_VALUE}) and that value rendered (null when none). */
    public record CellResult(Object value, Map<String, Object> bundle) {
        public boolean hasValue() {
            return bundle != null;
        }
    }

    /** Completion candidates replacing {@code [start, end)} of the cell. */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** {@code status} is complete, incomplete, invalid or unknown; {@code indent} for incomplete code. */
    public record Completeness(String status, String indent) {
    }

    private record Origin(String label, int line) {
    }

    private JavaSession(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
        OutputRouter.install();
        this.loader = new SnippetClassLoader(JavaSession.class.getClassLoader());
        this.control = new InProcessExecutionControl(loader);
        this.shell = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                .out(System.out).err(System.err).in(System.in)
                .build();
        this.analysis = shell.sourceCodeAnalysis();
    }

    /**
     * Starts a session: JShell with the default imports and {@code display(...)}, then the classpath patterns (jars,
     * folders, globs; entries matching nothing are reported on stderr and skipped), then renderer discovery.
     */
    public static JavaSession start(List<String> classpath, Path workDir) {
        JavaSession s = new JavaSession(workDir);
        StringBuilder startup = new StringBuilder();
        for (String imp : DEFAULT_IMPORTS) {
            startup.append("import ").append(imp).append(";\n");
        }
        startup.append("import static ").append(Notebook.class.getName()).append(".*;\n");
        s.evalCode(startup.toString(), "startup", 1);
        List<java.nio.file.Path> entries = new ArrayList<>();
        for (String pattern : classpath) {
            if (pattern.isBlank()) {
                continue;
            }
            List<Path> found = Globs.resolve(pattern.trim(), s.workDir);
            if (found.isEmpty()) {
                System.err.println("linrepro kernel: classpath entry '" + pattern + "' matches no jar or folder");
            }
            entries.addAll(found);
        }
        s.addToClasspath(entries);
        s.renderers.discover(s.loader);
        Notebook.bind(s);
        return s;
    }

    /** {@link #start(List, Path)} with a classpath string ({@link File#pathSeparator}-separated patterns). */
    public static JavaSession start(String classpath, Path workDir) {
        List<String> patterns = classpath == null ? List.of() : List.of(classpath.split(File.pathSeparator));
        return start(patterns, workDir);
    }

    // ------------------------------------------------------------------------------------------------ execution

    /**
     * Runs a cell: magics and Java code in order. Output goes to {@code out} while the cell runs. Throws
     * {@link CellException} for compile errors, exceptions, interrupts and magic errors.
     */
    public synchronized CellResult execute(String cell, int executionCount, CellOutput out) {
        String label = "cell [" + executionCount + "]";
        currentLabel = label;
        displayIds.clear();
        control.beginCell();
        output = out;
        OutputRouter.attach(out);
        try {
            Object value = runSource(cell, label);
            OutputRouter.flush();
            if (value == NO_VALUE || value == null
                    || (value instanceof String && displayIds.contains(value))) {
                return new CellResult(NO_VALUE, null);
            }
            return new CellResult(value, renderers.render(value));
        } catch (CellException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new CellException("KernelError", String.valueOf(e), List.of("Kernel error: " + e));
        } finally {
            OutputRouter.detach();
            output = null;
            control.endCell();
        }
    }

    /**
     * Runs cell text (Java code and magics, or one cell magic) labelled {@code label} in messages; returns the last
     * value, or {@link #NO_VALUE}. What a cell runs, and what {@code %load} runs for each file or notebook cell.
     */
    public Object runSource(String cell, String label) {
        CellParser.Parsed parsed = CellParser.parse(cell);
        if (parsed.isCellMagic()) {
            return magics.runCell(this, parsed.cellMagic(), label);
        }
        Object value = NO_VALUE;
        for (CellParser.Part part : parsed.parts()) {
            checkInterrupted();
            if (part instanceof CellParser.Code) {
                CellParser.Code code = (CellParser.Code) part;
                value = evalCode(code.text(), label, code.line());
            } else {
                value = magics.runLine(this, (CellParser.LineMagicCall) part, label);
            }
        }
        return value;
    }

    /**
     * Code given to {@code eval(...)} from inside a cell (as in JJava): Java and magics, run at once on the cell's
     * thread; returns the last value (null when none).
     */
    public Object eval(String code) {
        Object v = runSource(code, "eval");
        return v == NO_VALUE ? null : v;
    }

    /**
     * Evaluates Java code (one or more snippets) whose first line is line {@code firstLine} of {@code label};
     * returns the last snippet's value when it is an expression, else {@link #NO_VALUE}.
     */
    public Object evalCode(String code, String label, int firstLine) {
        Object last = NO_VALUE;
        int pos = 0;
        while (pos < code.length()) {
            checkInterrupted();
            String rest = code.substring(pos);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            SourceCodeAnalysis.Completeness kind = info.completeness();
            if (kind == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            int lead = leadingBlanks(rest);
            int line = firstLine + countNewlines(code, 0, pos + lead);
            if (!kind.isComplete()) {
                String first = rest.substring(lead).split("\n", -1)[0];
                String where = where(label, line);
                throw new CellException("CompilationError", where + ": incomplete code",
                        List.of(where + ": incomplete code (an unclosed block, parenthesis, string or comment?)",
                                String.format("%5d | %s", line, first)));
            }
            int consumed = rest.length() - info.remaining().length();
            String source = info.source();
            int srcLead = leadingBlanks(source);
            last = evalSnippet(source.substring(srcLead), label, line);
            if (consumed <= 0) {
                break;
            }
            pos += consumed;
        }
        return last;
    }

    private Object evalSnippet(String source, String label, int line) {
        List<SnippetEvent> events = shell.eval(source);
        String refused = loader.takeRefusal();
        if (refused != null) {
            throw exitRefused(events, refused, label, line);
        }
        Object value = NO_VALUE;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Snippet s = e.snippet();
            origins.put(s.id(), new Origin(label, line));
            if (e.status() == Snippet.Status.REJECTED) {
                throw compileError(s, label, line);
            }
            JShellException ex = e.exception();
            if (ex != null) {
                throw runtimeError(ex);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                warnUnresolved(s, label, line);
            }
            String key = e.value();
            if (control.hasResult(key)) {
                Object v = control.takeResult(key);
                switch (s.subKind()) {
                    case VAR_VALUE_SUBKIND:
                    case TEMP_VAR_EXPRESSION_SUBKIND:
                    case OTHER_EXPRESSION_SUBKIND:
                        value = v;
                        break;
                    default:
                        value = NO_VALUE;
                }
            } else {
                value = NO_VALUE;
            }
        }
        return value;
    }

    private void checkInterrupted() {
        if (control.interrupted()) {
            throw interrupted();
        }
    }

    private static CellException interrupted() {
        return new CellException("Interrupted", "execution interrupted",
                List.of("Interrupted: the cell was stopped; what earlier snippets defined is kept."));
    }

    /** Interrupts the running cell (from any thread). */
    public void interrupt() {
        control.interrupt();
    }

    // ------------------------------------------------------------------------------------------------ errors

    private CellException compileError(Snippet s, String label, int line) {
        String src = s.source();
        List<String> tb = new ArrayList<>();
        String evalue = null;
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        for (Diag d : diags) {
            int pos = (int) clamp(d.getPosition() >= 0 ? d.getPosition() : d.getStartPosition(), src.length());
            int start = (int) clamp(d.getStartPosition() >= 0 ? d.getStartPosition() : pos, src.length());
            int end = (int) clamp(d.getEndPosition() >= 0 ? d.getEndPosition() : pos + 1, src.length());
            int cellLine = line + countNewlines(src, 0, pos);
            String where = where(label, cellLine);
            List<String> msg = new ArrayList<>();
            for (String m : d.getMessage(Locale.ROOT).split("\n")) {
                if (!m.trim().startsWith("location:")) {
                    msg.add(clean(m));
                }
            }
            String head = msg.isEmpty() ? "error" : msg.get(0);
            if (evalue == null) {
                evalue = where + ": " + head;
            }
            tb.add(where + ": " + head);
            for (int i = 1; i < msg.size(); i++) {
                tb.add("    " + msg.get(i).trim());
            }
            int ls = pos == 0 ? 0 : src.lastIndexOf('\n', pos - 1) + 1;
            int le = src.indexOf('\n', pos);
            le = le < 0 ? src.length() : le;
            String text = src.substring(ls, le);
            tb.add(String.format("%5d | %s", cellLine, text));
            int from = Math.max(start, ls) - ls;
            int to = Math.max(from + 1, Math.min(end, le) - ls);
            StringBuilder marks = new StringBuilder("      | ");
            for (int i = 0; i < from && i < text.length(); i++) {
                marks.append(text.charAt(i) == '\t' ? '\t' : ' ');
            }
            marks.append("^".repeat(Math.max(1, Math.min(to - from, 200))));
            tb.add(marks.toString());
        }
        if (evalue == null) {
            evalue = where(label, line) + ": the compiler rejected this code";
            tb.add(evalue);
            tb.add(String.format("%5d | %s", line, src.split("\n", -1)[0]));
        }
        return new CellException("CompilationError", evalue, tb);
    }

    /** A snippet that would end the kernel's JVM: its definition is dropped (see {@link ExitGuard}). */
    private CellException exitRefused(List<SnippetEvent> events, String calls, String label, int line) {
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && shell.status(e.snippet()).isActive()) {
                shell.drop(e.snippet());
            }
        }
        String where = where(label, line);
        String msg = where + ": refused: this code calls " + calls + ", which would end the kernel"
                + " (and every notebook variable with it)";
        return new CellException("SystemExitRefused", msg, List.of("SystemExitRefused: " + msg,
                "    To stop the work early, throw an exception or return; to restart, use the kernel's Restart."));
    }

    private void warnUnresolved(Snippet s, String label, int line) {
        if (!(s instanceof DeclarationSnippet)) {
            return;
        }
        List<String> missing = shell.unresolvedDependencies((DeclarationSnippet) s).collect(Collectors.toList());
        if (!missing.isEmpty()) {
            System.err.println(where(label, line) + ": " + describe(s) + " was defined, but cannot be used until "
                    + String.join(", ", missing) + " exist" + (missing.size() == 1 ? "s" : ""));
        }
    }

    private static String describe(Snippet s) {
        return s instanceof DeclarationSnippet ? ((DeclarationSnippet) s).name() : s.source();
    }

    private CellException runtimeError(JShellException ex) {
        if (control.interrupted() || (ex instanceof EvalException
                && CellInterrupted.class.getName().equals(((EvalException) ex).getExceptionClassName()))) {
            return interrupted();
        }
        if (ex instanceof UnresolvedReferenceException) {
            DeclarationSnippet d = ((UnresolvedReferenceException) ex).getSnippet();
            List<String> missing = shell.unresolvedDependencies(d).collect(Collectors.toList());
            String msg = d.name() + " cannot be used until " + String.join(", ", missing) + " exist"
                    + (missing.size() == 1 ? "s" : "");
            List<String> tb = new ArrayList<>();
            tb.add("UnresolvedReference: " + msg);
            userFrames(ex.getStackTrace(), tb);
            return new CellException("UnresolvedReference", msg, tb);
        }
        List<String> tb = new ArrayList<>();
        describeThrowable(ex, tb, 0);
        return new CellException(exceptionClass(ex), ex.getMessage() == null ? "" : clean(ex.getMessage()), tb);
    }

    /** The user's exception class: JShell reports user exceptions as EvalExceptions naming it. */
    private static String exceptionClass(Throwable t) {
        return clean(t instanceof EvalException ? ((EvalException) t).getExceptionClassName() : t.getClass().getName());
    }

    /** The exception line, where it was thrown when that is library code, the user's frames, then the causes. */
    private void describeThrowable(Throwable t, List<String> tb, int depth) {
        String msg = t.getMessage() == null ? "" : ": " + clean(t.getMessage());
        tb.add((depth == 0 ? "" : "Caused by: ") + exceptionClass(t) + msg);
        StackTraceElement[] st = t.getStackTrace();
        if (st.length > 0 && !isUserFrame(st[0])) {
            StackTraceElement top = st[0];
            tb.add("    thrown in " + top.getClassName() + "." + top.getMethodName() + "("
                    + (top.getFileName() == null ? "unknown source" : top.getFileName() + ":" + top.getLineNumber()) + ")");
        }
        userFrames(st, tb);
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < 5) {
            describeThrowable(cause, tb, depth + 1);
        }
    }

    private void userFrames(StackTraceElement[] st, List<String> tb) {
        for (StackTraceElement f : st) {
            if (isUserFrame(f)) {
                tb.add("    at " + userFrame(f));
            }
        }
    }

    private static boolean isUserFrame(StackTraceElement f) {
        return f.getFileName() != null && f.getFileName().matches("#\\w+");
    }

    private String userFrame(StackTraceElement f) {
        Origin o = origins.get(f.getFileName().substring(1));
        String where = o == null ? "snippet " + f.getFileName() + " line " + f.getLineNumber()
                : where(o.label, o.line + Math.max(1, f.getLineNumber()) - 1);
        String cls = WRAPPER.matcher(f.getClassName()).replaceFirst("").replace('$', '.');
        String method = f.getMethodName();
        if (method.equals("do_it$") || method.isEmpty()) {
            method = "";
        } else if (method.startsWith("lambda$")) {
            method = "lambda";
        }
        String name = cls.isEmpty() ? method : method.isEmpty() ? cls : cls + "." + method;
        return name.isEmpty() ? where : name + "(), " + where;
    }

    private String where(String label, int line) {
        return (label.equals(currentLabel) ? "" : label + " ") + "line " + line;
    }

    private static String clean(String message) {
        return WRAPPER.matcher(message).replaceAll("");
    }

    private static long clamp(long v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    static int countNewlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, s.length()); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static int leadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    // ------------------------------------------------------------------------------------------------ classpath

    /** Adds jars and folders to the notebook (compiler and class loader); returns the ones that were new. */
    public List<Path> addToClasspath(List<Path> entries) {
        synchronized (classpathLock) { // not the session's lock: eval("%classpath ...") runs inside a cell
            return addNew(entries);
        }
    }

    /** JJava's {@code kernel().addToClasspath(String)}: patterns (globs too) joined with the path separator. */
    public List<Path> addToClasspath(String classpath) {
        List<Path> entries = new ArrayList<>();
        for (String p : classpath.split(File.pathSeparator)) {
            if (!p.isBlank()) {
                entries.addAll(Globs.resolve(p.trim(), workDir));
            }
        }
        return addToClasspath(entries);
    }

    private List<Path> addNew(List<Path> entries) {
        List<Path> known = loader.paths();
        List<Path> fresh = new ArrayList<>();
        for (Path p : entries) {
            Path abs = p.toAbsolutePath().normalize();
            if (!known.contains(abs) && !fresh.contains(abs)) {
                fresh.add(abs);
            }
        }
        if (fresh.isEmpty()) {
            return fresh;
        }
        shell.addToClasspath(fresh.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        renderers.discover(loader);
        return fresh;
    }

    public List<Path> classpath() {
        return loader.paths();
    }

    public ClassLoader classLoader() {
        return loader;
    }

    public Path workDir() {
        return workDir;
    }

    /** Replaces the resolver {@code %maven} uses (null: back to the user's Maven setup); the old one is closed. */
    public void useMaven(MavenResolver resolver) {
        synchronized (classpathLock) {
            if (maven != null) {
                maven.close();
            }
            maven = resolver;
        }
    }

    public MavenResolver maven() {
        synchronized (classpathLock) {
            return mavenResolver();
        }
    }

    private MavenResolver mavenResolver() {
        if (maven == null) {
            maven = MavenResolver.fromEnvironment();
        }
        return maven;
    }

    public RendererRegistry renderers() {
        return renderers;
    }

    public Magics magics() {
        return magics;
    }

    // ------------------------------------------------------------------------------------------------ display

    /** Renders and shows a value in the running cell; returns the display id. */
    public String display(Object value, String... mimeTypes) {
        Map<String, Object> bundle = renderers.render(value, mimeTypes);
        String id = UUID.randomUUID().toString();
        CellOutput out = output;
        if (out != null) {
            OutputRouter.flush();
            out.display(bundle, id, false);
            displayIds.add(id);
        }
        return id;
    }

    /** Shows a ready MIME bundle (a new display when {@code updateId} is null); returns its display id. */
    public String displayBundle(Map<String, ?> bundle, String updateId) {
        Map<String, Object> data = new LinkedHashMap<>(bundle);
        if (!data.containsKey(RendererRegistry.TEXT_PLAIN)) {
            data.put(RendererRegistry.TEXT_PLAIN, data.isEmpty() ? "" : String.valueOf(data.values().iterator().next()));
        }
        String id = updateId != null ? updateId : UUID.randomUUID().toString();
        CellOutput out = output;
        if (out != null) {
            OutputRouter.flush();
            out.display(data, id, updateId != null);
            if (updateId == null) {
                displayIds.add(id);
            }
        }
        return id;
    }

    /** Replaces an earlier display. */
    public void updateDisplay(String id, Object value, String... mimeTypes) {
        CellOutput out = output;
        if (out != null) {
            OutputRouter.flush();
            out.display(renderers.render(value, mimeTypes), id, true);
        }
    }

    // ------------------------------------------------------------------------------------------------ analysis

    /** Completions at {@code cursor}: magic names after {@code %}, else JShell's suggestions. */
    public synchronized Completion complete(String code, int cursor) {
        cursor = Math.max(0, Math.min(cursor, code.length()));
        int lineStart = code.lastIndexOf('\n', cursor - 1) + 1;
        Matcher m = MAGIC_NAME.matcher(code.substring(lineStart, cursor));
        if (m.matches()) {
            Set<String> names = m.group(1).equals("%%") ? magics.cellNames() : magics.lineNames();
            List<String> options = names.stream().filter(n -> n.startsWith(m.group(2)))
                    .map(n -> m.group(1) + n).sorted().collect(Collectors.toList());
            return new Completion(options, lineStart + m.start(1), cursor);
        }
        String text = CellParser.blankMagics(code);
        int start = snippetStart(text, cursor);
        String snippet = text.substring(start, cursor);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = analysis.completionSuggestions(snippet, snippet.length(), anchor);
        List<String> options = suggestions.stream()
                .sorted(Comparator.comparing(s -> !s.matchesType()))
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new Completion(options, start + anchor[0], cursor);
    }

    /** Documentation of the name at {@code cursor} (signatures, and javadoc when {@code detail}); null if none. */
    public synchronized Map<String, Object> inspect(String code, int cursor, boolean detail) {
        String text = CellParser.blankMagics(code);
        int at = Math.max(0, Math.min(cursor, text.length()));
        while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            at++;
        }
        int paren = at;
        while (paren < text.length() && (text.charAt(paren) == ' ' || text.charAt(paren) == '\t')) {
            paren++;
        }
        if (paren < text.length() && text.charAt(paren) == '(') {
            at = paren + 1;
        }
        int start = snippetStart(text, at);
        String snippet = text.substring(start, at);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), detail);
        String head = "";
        if ((docs == null || docs.isEmpty()) && !snippet.endsWith("(")) {
            // a bare name: a method's signatures, else the expression's type and that type's documentation
            docs = analysis.documentation(snippet + "(", snippet.length() + 1, detail);
            if (docs == null || docs.isEmpty()) {
                String expr = trailingExpression(snippet);
                String type = expr.isEmpty() ? null : analysis.analyzeType(expr, expr.length());
                if (type != null && !type.isBlank()) {
                    head = expr + " : " + type;
                    String raw = type.replaceAll("<.*", "").replace("[]", "");
                    docs = analysis.documentation(raw, raw.length(), detail);
                }
            }
        }
        if ((docs == null || docs.isEmpty()) && head.isEmpty()) {
            return null;
        }
        String documented = docs == null ? "" : docs.stream()
                .map(d -> d.signature() + (d.javadoc() == null || d.javadoc().isBlank() ? "" : "\n" + d.javadoc()))
                .collect(Collectors.joining("\n\n"));
        String plain = head.isEmpty() ? documented : documented.isEmpty() ? head : head + "\n\n" + documented;
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put(RendererRegistry.TEXT_PLAIN, plain);
        return bundle;
    }

    /** The name or member chain that ends {@code snippet} ({@code xs.size} of {@code int n = xs.size}). */
    private static String trailingExpression(String snippet) {
        int i = snippet.length();
        while (i > 0 && (Character.isJavaIdentifierPart(snippet.charAt(i - 1)) || snippet.charAt(i - 1) == '.')) {
            i--;
        }
        return snippet.substring(i);
    }

    /** Whether the cell can run as it is (for consoles deciding between "run" and "new line"). */
    public synchronized Completeness isComplete(String code) {
        CellParser.Parsed parsed = CellParser.parse(code);
        String text;
        if (parsed.isCellMagic()) {
            text = parsed.cellMagic().body();
            if (text.isBlank()) {
                return new Completeness("incomplete", "");
            }
        } else {
            text = CellParser.blankMagics(code);
        }
        String rest = text;
        for (int guard = 0; guard < 100_000; guard++) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            switch (info.completeness()) {
                case EMPTY:
                    return new Completeness("complete", null);
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    if (info.remaining().isBlank()) {
                        return new Completeness("complete", null);
                    }
                    rest = info.remaining();
                    break;
                case UNKNOWN:
                    return new Completeness("invalid", null);
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return new Completeness("incomplete", indent(rest));
                default:
                    return new Completeness("unknown", null);
            }
        }
        return new Completeness("unknown", null);
    }

    private static String indent(String partial) {
        String[] lines = partial.split("\n", -1);
        String last = lines[lines.length - 1];
        if (last.isBlank() && lines.length > 1) {
            last = lines[lines.length - 2];
        }
        int i = 0;
        while (i < last.length() && (last.charAt(i) == ' ' || last.charAt(i) == '\t')) {
            i++;
        }
        int open = 0;
        for (char ch : last.toCharArray()) {
            if (ch == '{' || ch == '(') {
                open++;
            } else if (ch == '}' || ch == ')') {
                open--;
            }
        }
        return last.substring(0, i) + (open > 0 ? "    " : "");
    }

    /** Start of the snippet that holds {@code cursor}: complete snippets before it are skipped. */
    private int snippetStart(String text, int cursor) {
        int start = 0;
        for (int guard = 0; guard < 100_000; guard++) {
            String rest = text.substring(start, cursor);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (!info.completeness().isComplete() || info.remaining().isEmpty()) {
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0) {
                break;
            }
            start += consumed;
        }
        return start;
    }

    @Override
    public void close() {
        Notebook.unbind(this);
        try {
            shell.close();
        } finally {
            control.close();
            synchronized (classpathLock) {
                if (maven != null) {
                    maven.close();
                }
            }
        }
    }
}
