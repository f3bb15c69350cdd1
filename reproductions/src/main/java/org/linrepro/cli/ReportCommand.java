package org.linrepro.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Report;
import org.linrepro.util.LinreproException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild reports/ (index.md, index.html, figures) from the ledger.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--reports", paramLabel = "DIR", defaultValue = "reports",
            description = "report folder holding ledger.jsonl (default: ${DEFAULT-VALUE})")
    Path reports;

    @Override
    public Integer call() {
        Ledger ledger = new Ledger(reports.resolve("ledger.jsonl"));
        if (!Files.exists(ledger.file())) {
            throw new LinreproException("no ledger at " + ledger.file() + "; run ./linrepro reproduce first");
        }
        Path index = Report.write(reports, ledger.latest(), ledger.readAll());
        System.out.println("Report: " + index + " (" + ledger.latest().size() + " claims, "
                + ledger.readAll().size() + " ledger lines)");
        return 0;
    }
}
