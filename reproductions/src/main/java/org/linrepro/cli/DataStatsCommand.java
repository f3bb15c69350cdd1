package org.linrepro.cli;

import java.util.concurrent.Callable;
import org.linrepro.data.lm.WikiTextCorpora;
import org.linrepro.data.lm.WikiTextStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code linrepro data stats wikitext-2}: vocabulary size and token counts per split, as JSON. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Word-level statistics of a WikiText dataset as JSON: vocabSize (from train, incl. <eos>) and "
                + "train/valid/test token counts (whitespace tokens + one <eos> per line).")
final class DataStatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "wikitext-2 or wikitext-103")
    String name;

    @Override
    public Integer call() {
        WikiTextStats s = WikiTextStats.of(WikiTextCorpora.fromEnvironment(), name);
        System.out.println(s.toJson());
        return 0;
    }
}
