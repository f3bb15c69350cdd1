package org.linrepro.cli;

import java.io.PrintWriter;
import org.linrepro.util.LinreproException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code linrepro}: list claims, reproduce them, rebuild reports, manage data. Exit codes: 0 all verdicts pass,
 * 1 a verdict failed or a run broke, 2 usage or data error.
 */
@Command(name = "linrepro", mixinStandardHelpOptions = true, version = "linrepro 0.1.0-SNAPSHOT",
        description = "Rerun results of papers on efficient sequence models, adapters and in-context learning, "
                + "and check them against the reported numbers.",
        subcommands = {ListCommand.class, ExplainCommand.class, ReproduceCommand.class, ReportCommand.class, PlanCommand.class, SubmitCommand.class, LedgerCommand.class, DataCommand.class, AdaptersCommand.class, KernelCommand.class, NotebooksCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof LinreproException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            PrintWriter err = cmd.getErr();
            if (t instanceof LinreproException le) {
                err.println("linrepro: " + le.getMessage());
                err.flush();
                return le.exitCode();
            }
            err.println("linrepro: internal error: " + ex);
            ex.printStackTrace(err);
            err.flush();
            return LinreproException.FAILED;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("linrepro: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return LinreproException.USAGE;
        });
        return cl.execute(args);
    }
}
