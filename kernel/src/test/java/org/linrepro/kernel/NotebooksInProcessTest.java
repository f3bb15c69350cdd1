package org.linrepro.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.linrepro.kernel.nb.NotebookRunner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 4 part 6a: every {@code notebooks/*.ipynb} runs cell by cell through {@link NotebookRunner} (the runner of
 * {@code linrepro notebooks run}: a {@link JavaSession} in this JVM, no Jupyter, no ZeroMQ), one fresh session per
 * notebook with the experiment classpath ({@code reproductions/target/linrepro.jar} + {@code lib/}); any cell error
 * fails the test. LINREPRO_TIER=smoke comes
 * from surefire's environment (kernel/pom.xml). Skipped when the reproductions jar is not built (e.g. {@code mvn test
 * -pl kernel} alone); {@code mvn verify} builds it first. Rich outputs are checked by {@link JupyterIntegrationTest}.
 */
@Tag("notebooks")
class NotebooksInProcessTest {


    @AfterAll
    static void rebindShared() {
        Sessions.rebind(); // closing a session unbinds display(); give it back to the shared test session
    }

    @TestFactory
    Stream<DynamicTest> notebooksRunInProcess() throws IOException {
        Path root = Path.of(System.getProperty("linrepro.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("reproductions/target/linrepro.jar");
        assumeTrue(Files.isRegularFile(jar), jar + " is not built; run `mvn verify` from the project root");
        String cp = jar + File.pathSeparator + root.resolve("reproductions/target/lib/*");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
            notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> run(nb, cp)));
    }

    static void run(Path nb, String cp) throws Exception {
        ObjectNode root = Json.parseObject(Files.readString(nb));
        // the notebook's own folder, as Jupyter and `notebooks run` start the kernel: its first cell's %jars is relative
        NotebookRunner.Result r = new NotebookRunner(cp, NotebookRunner.Listener.NONE).run(root, nb.getParent());
        if (!r.ok()) {
            NotebookRunner.Failure f = r.failure();
            JsonNode cell = r.notebook().path("cells").get(f.cell() - 1);
            fail(nb.getFileName() + " cell " + f.cell() + ": " + f.ename() + ": " + f.evalue() + "\noutputs (traceback,"
                    + " stderr): " + cell.get("outputs"));
        }
        int index = 0;
        for (JsonNode cell : r.notebook().path("cells")) {
            index++;
            if (!NotebookRunner.source(cell).contains("Claims.run(")) {
                continue;
            }
            // live progress (issue 16): one display per call, updated in place, its last state the summary
            List<String> progress = new java.util.ArrayList<>();
            for (JsonNode o : cell.path("outputs")) {
                String html = NotebookRunner.multiline(o.path("data").get("text/html"));
                if (html.contains("linrepro-progress")) {
                    progress.add(NotebookRunner.multiline(o.path("data").get("text/plain")));
                }
            }
            assertFalse(progress.isEmpty(), nb.getFileName() + " cell " + index + " runs claims without a progress line");
            for (String p : progress) {
                assertFalse(p.contains("ETA") || p.endsWith("…"), nb.getFileName() + " cell " + index
                        + ": only the final state is saved, got: " + p);
            }
        }
    }
}
