package org.linrepro.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.linrepro.claim.Ledger;
import org.linrepro.claim.Report;
import org.linrepro.claim.Verdict;
import org.linrepro.claim.VerdictSummary;
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
        List<Verdict> latest = ledger.latest();
        Path index = Report.write(reports, latest, ledger.readAll());
        System.out.println("Report: " + index + " (" + latest.size() + " claims, "
                + ledger.readAll().size() + " ledger lines)");
        VerdictSummary s = VerdictSummary.of(latest, VerdictSummary.requireDataFromEnvironment());
        System.out.println("Latest verdicts: " + s.statusLine() + "\n" + s.checkedLine());
        return 0;
    }
}
