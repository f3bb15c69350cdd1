package org.linrepro.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.linrepro.data.DataFetcher;
import org.linrepro.data.DataRoot;
import org.linrepro.data.DatasetStatus;
import org.linrepro.data.Datasets;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Show the data root and which datasets verify; fetch datasets.",
        subcommands = {DataCommand.Status.class, DataCommand.Fetch.class, GenerateCommand.class, DataStatsCommand.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Data root and, per dataset, whether its files are present and match their SHA-256.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            DataRoot root = DataRoot.fromEnvironment();
            System.out.println("Data root: " + root.root() + "  (set LINREPRO_DATA to change it)");
            TextTable t = new TextTable(70, "dataset", "state", "detail", "fetch");
            for (DatasetStatus s : root.statusAll()) {
                t.row(s.name(), s.state().toString().toLowerCase(java.util.Locale.ROOT), s.summary(),
                        s.available() ? "" : Datasets.fetchCommand(s.name()));
            }
            System.out.print(t);
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a dataset's original release, check it and convert it into the data root "
                    + "(runs data-scripts/<NAME>.sh).")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "dataset name (see: linrepro data status)")
        String name;

        @Override
        public Integer call() {
            Datasets.byName(name);
            DataRoot root = DataRoot.fromEnvironment();
            int rc = DataFetcher.run(name, projectDir(), root);
            if (rc != 0) {
                throw new LinreproException("data-scripts for '" + name + "' failed with exit code " + rc);
            }
            DatasetStatus s = root.status(name);
            System.out.println(name + ": " + s.summary());
            return s.available() ? 0 : LinreproException.USAGE;
        }
    }

    /** The project folder (holding data-scripts/): set by the launcher, else the working directory. */
    static Path projectDir() {
        String home = System.getProperty("linrepro.home");
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }
}
