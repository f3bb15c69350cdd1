package org.linrepro.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Listed here so {@code linrepro --help} shows it; the launcher script runs the kernel module's notebook runner
 * ({@code org.linrepro.kernel.nb.NotebooksCli}) before this jar is reached.
 */
@Command(name = "notebooks", mixinStandardHelpOptions = true,
        description = {"Execute the notebooks in-process (no Jupyter needed) and export them.",
            "  ./linrepro notebooks list",
            "  ./linrepro notebooks run [NAME ...] [--tier smoke|quick|paper] [--out DIR]",
            "Writes DIR/NAME.ipynb (executed copy), DIR/NAME.html (offline: MathJax copied to DIR/mathjax) and",
            "DIR/index.html; DIR defaults to reports/notebooks. Exit 1 when a cell fails or ends the process.",
            "All options: ./linrepro notebooks run --help"})
final class NotebooksCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", hidden = true)
    List<String> args;

    @Override
    public Integer call() {
        throw new LinreproException("run notebooks through the launcher: ./linrepro notebooks run [NAME]");
    }
}
