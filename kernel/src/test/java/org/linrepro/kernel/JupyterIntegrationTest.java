package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The kernel through real Jupyter (issue 4, parts 6b and 7): {@code src/test/python/protocol_check.py} (jupyter_client:
 * execute, syntax error, interrupt, completion, {@code %jars} error, restart, shutdown) and every
 * {@code notebooks/*.ipynb} through {@code jupyter nbconvert --to notebook --execute} at {@code LINREPRO_TIER=smoke}.
 *
 * <p>Needs {@code jupyter-nbconvert} on the PATH and a python3 ({@code /usr/bin/python3}, or {@code LINREPRO_PYTHON})
 * that imports jupyter_client and nbclient (Debian: {@code apt-get install jupyter-nbconvert python3-nbclient
 * jupyter-client}), and the experiment jars {@code reproductions/target/linrepro.jar} + {@code lib/}. In
 * {@code mvn verify} those exist: the reactor builds lib, reproductions, kernel in that (declared) order and each
 * module runs all its phases before the next starts. When something is missing the tests are skipped, unless
 * {@code LINREPRO_REQUIRE_JUPYTER=1} (set by {@code .ci/run}), which makes it a failure.
 *
 * <p>Wiring: a plain surefire test in the {@code test} phase. The shaded kernel jar is only built in {@code package},
 * after {@code test}, so the kernelspec written here starts the kernel as {@code java -cp target/classes:<runtime
 * deps> org.linrepro.kernel.KernelMain}; the runtime deps come from {@code target/kernel-runtime.classpath}, written by
 * maven-dependency-plugin's {@code build-classpath} (runtime scope: jjava-jupyter and its dependencies, not the
 * provided lib/DJL/Tablesaw/XChart jars, which reach the kernel through {@code LINREPRO_KERNEL_CLASSPATH} exactly as
 * with the installed jar). Everything Jupyter writes goes to a temporary folder (own JUPYTER_PATH, _DATA_DIR,
 * _RUNTIME_DIR, _CONFIG_DIR); nothing is installed for the user.
 *
 * <p>Rich-output rule (deliberately simple): a notebook whose code mentions {@code chart} (any case: XYChart,
 * NotebookClaims.charts, ...) together with {@code display(} must have at least one {@code image/png} output; one whose
 * code mentions {@code Table} or {@code verdict} must have at least one {@code text/html} output. No notebook may
 * have an {@code error} output.
 */
@Tag("jupyter")
class JupyterIntegrationTest {

    static final String KERNEL_NAME = "linrepro-test";
    static final String INSTALL_HINT = "install Debian's jupyter-nbconvert python3-nbclient jupyter-client"
            + " (apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client)";

    static Path root;
    static String python;

    @TempDir
    static Path work;

    @BeforeAll
    static void setUp() throws Exception {
        root = Path.of(System.getProperty("linrepro.root", "..")).toAbsolutePath().normalize();
        python = System.getenv().getOrDefault("LINREPRO_PYTHON",
                Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        if (!ok(List.of("jupyter-nbconvert", "--version")) || !ok(List.of(python, "-c", "import jupyter_client, nbclient"))) {
            skipOrFail("Jupyter is not available (jupyter-nbconvert on the PATH, " + python
                    + " importing jupyter_client and nbclient): " + INSTALL_HINT);
        }
        Path jar = root.resolve("reproductions/target/linrepro.jar");
        Path lib = root.resolve("reproductions/target/lib");
        Path runtimeCp = Path.of(System.getProperty("linrepro.kernel.runtimeClasspathFile",
                "target/kernel-runtime.classpath"));
        Path classes = Path.of(System.getProperty("linrepro.kernel.classes", "target/classes"));
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib) || !Files.isRegularFile(runtimeCp)
                || !Files.isDirectory(classes)) {
            skipOrFail("needs " + jar + ", " + lib + " and " + runtimeCp + ": run `mvn verify` (or `mvn package`"
                    + " for lib and reproductions first) from the project root");
        }

        Map<String, Object> spec = KernelCli.kernelJson(KernelCli.DISPLAY_NAME,
                jar + File.pathSeparator + lib.resolve("*"), null, List.of(), Path.of("unused.jar"));
        @SuppressWarnings("unchecked")
        List<String> argv = (List<String>) spec.get("argv");
        int j = argv.indexOf("-jar");
        argv.set(j, "-cp");
        argv.set(j + 1, classes.toAbsolutePath() + File.pathSeparator + Files.readString(runtimeCp).strip());
        argv.add(j + 2, KernelMain.class.getName());
        spec.put("display_name", "Java (linrepro, test)");
        Path dir = work.resolve("jupyter/kernels/" + KERNEL_NAME);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("kernel.json"), Json.pretty(spec),
                StandardCharsets.UTF_8);
        for (String d : List.of("runtime", "config", "data", "out", "logs")) {
            Files.createDirectories(work.resolve(d));
        }
    }

    static void skipOrFail(String why) {
        if ("1".equals(System.getenv("LINREPRO_REQUIRE_JUPYTER"))) {
            fail(why + " (LINREPRO_REQUIRE_JUPYTER=1)");
        }
        System.out.println("JupyterIntegrationTest skipped: " + why);
        assumeTrue(false, why + "; skipped (set LINREPRO_REQUIRE_JUPYTER=1 to make this a failure)");
    }

    @Test
    void protocolThroughJupyterClient() throws Exception {
        Path script = root.resolve("kernel/src/test/python/protocol_check.py");
        Path log = work.resolve("logs/protocol.log");
        int rc = run(List.of(python, script.toString(), "--existing", "--kernel-name", KERNEL_NAME), log, 150);
        String out = Files.readString(log);
        System.out.println("protocol_check.py:\n" + out);
        assertEquals(0, rc, "protocol_check.py failed:\n" + out);
    }

    @TestFactory
    Stream<DynamicTest> notebooksExecuteThroughNbconvert() throws IOException {
        Path dir = root.resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> execute(nb)));
    }

    void execute(Path nb) throws Exception {
        String name = nb.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path log = work.resolve("logs/" + name + ".log");
        long t0 = System.nanoTime();
        int rc = run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.kernel_name=" + KERNEL_NAME, "--ExecutePreprocessor.timeout=600",
                "--ExecutePreprocessor.startup_timeout=180", "--output-dir", work.resolve("out").toString(),
                "--output", name, nb.toString()), log, 1800);
        System.out.printf("notebook %s: exit %d in %.1f s%n", name, rc, (System.nanoTime() - t0) / 1e9);
        assertEquals(0, rc, "jupyter nbconvert --execute " + nb + " failed:\n" + tail(log, 60));

        JsonNode executed = Json.parse(Files.readString(work.resolve("out/" + name + ".ipynb")));
        StringBuilder code = new StringBuilder();
        List<String> errors = new ArrayList<>();
        int png = 0;
        int html = 0;
        int i = 0;
        for (JsonNode c : executed.path("cells")) {
            i++;
            if (!"code".equals(c.path("cell_type").asText())) {
                continue;
            }
            JsonNode src = c.path("source");
            if (src.isArray()) {
                src.forEach(l -> code.append(l.asText()));
            } else {
                code.append(src.asText());
            }
            code.append('\n');
            for (JsonNode o : c.path("outputs")) {
                String type = o.path("output_type").asText();
                if ("error".equals(type)) {
                    errors.add("cell " + i + ": " + o.path("ename").asText() + ": " + o.path("evalue").asText());
                }
                if (o.has("data")) {
                    JsonNode data = o.get("data");
                    png += data.has("image/png") ? 1 : 0;
                    html += data.has("text/html") ? 1 : 0;
                }
            }
        }
        assertTrue(errors.isEmpty(), name + " has error outputs:\n  " + String.join("\n  ", errors));
        // What the code does, not what its comments mention (the first cell's comment names the renderers).
        String src = code.toString().lines().filter(l -> !l.strip().startsWith("//"))
                .collect(java.util.stream.Collectors.joining("\n"));
        if (src.contains("display(") && src.toLowerCase().contains("chart")) {
            assertTrue(png > 0, name + " displays a chart but has no image/png output");
        }
        if (src.contains("Table") || src.contains("verdict")) {
            assertTrue(html > 0, name + " shows a table but has no text/html output");
        }
    }

    /** Runs a command in the test's Jupyter environment, output to log; kills it (and its children) on timeout. */
    static int run(List<String> cmd, Path log, long timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", work.resolve("jupyter").toString());
        env.put("JUPYTER_DATA_DIR", work.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", work.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", work.resolve("config").toString());
        env.put("LINREPRO_TIER", "smoke");
        env.put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s:\n" + tail(log, 40));
        }
        return p.exitValue();
    }

    static boolean ok(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
