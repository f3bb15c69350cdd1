package org.linrepro.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Listed here so {@code linrepro --help} shows it; the launcher script runs the kernel module's installer
 * ({@code org.linrepro.kernel.KernelCli}) before this jar is reached.
 */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = {"Install or remove the Jupyter kernel for Java (kernelspec 'java', \"Java (linrepro)\").",
            "  ./linrepro kernel install [--user | --prefix DIR | --sys-prefix] [--name java] [--force]",
            "  ./linrepro kernel uninstall [--name java]",
            "--user follows Jupyter's data folder ($JUPYTER_DATA_DIR, else $HOME/.local/share/jupyter);",
            "the library's classpath is preloaded in every notebook. All options: ./linrepro kernel install --help"})
final class KernelCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", hidden = true)
    List<String> args;

    @Override
    public Integer call() {
        throw new LinreproException("run the kernel installer through the launcher: ./linrepro kernel install --user");
    }
}
