package org.linrepro.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.claim.Ledger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Work with ledgers (reports/ledger.jsonl): join the ledgers of sharded runs.",
        subcommands = {LedgerCommand.Merge.class})
final class LedgerCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = {"Join ledgers into one: each verdict once (by its verdictId), oldest first.",
                "The output may be one of the inputs; it is replaced atomically. Then: linrepro report --reports DIR."})
    static final class Merge implements Callable<Integer> {
        @Parameters(paramLabel = "LEDGER", arity = "1..*", description = "ledger files (JSON lines)")
        List<Path> inputs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "merged ledger to write")
        Path out;

        @Override
        public Integer call() {
            Ledger.MergeResult r = Ledger.merge(inputs, out);
            System.out.println("Merged " + inputs.size() + " ledger(s): " + r.read() + " lines read, " + r.written()
                    + " written, " + r.duplicates() + " duplicate(s) dropped -> " + out);
            return 0;
        }
    }
}
