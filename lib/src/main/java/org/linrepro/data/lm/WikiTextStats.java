package org.linrepro.data.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.DataException;
import org.linrepro.data.Datasets;

/**
 * Vocabulary size and per-split token/line counts of a WikiText dataset. Splits whose file is missing (the mirror
 * has no WikiText-103 train) are listed as missing with the fetch command; the vocabulary needs train.
 */
public record WikiTextStats(String dataset, Integer vocabSize, Long train, Long valid, Long test, Long trainLines,
        Long validLines, Long testLines, List<String> missing) {

    public static WikiTextStats of(WikiTextCorpora corpora, String dataset) {
        WikiTextCorpora.checkDataset(dataset);
        List<String> missing = new ArrayList<>();
        WikiTextCorpora.SplitCount[] counts = new WikiTextCorpora.SplitCount[3];
        for (int i = 0; i < 3; i++) {
            try {
                counts[i] = corpora.count(dataset, WikiTextCorpora.SPLITS[i]);
            } catch (DataException e) {
                if (!e.getMessage().startsWith("Missing")) {
                    throw e; // corrupt data is an error, not a gap
                }
                missing.add(WikiTextCorpora.file(dataset, WikiTextCorpora.SPLITS[i]));
            }
        }
        if (missing.size() == WikiTextCorpora.SPLITS.length) {
            throw new DataException("no split of " + dataset + " is in the data root; fetch it with "
                    + Datasets.fetchCommand(dataset));
        }
        Integer vocab = counts[0] == null ? null : corpora.load(dataset).vocabSize();
        return new WikiTextStats(dataset, vocab, tokens(counts[0]), tokens(counts[1]), tokens(counts[2]),
                lines(counts[0]), lines(counts[1]), lines(counts[2]), List.copyOf(missing));
    }

    private static Long tokens(WikiTextCorpora.SplitCount c) {
        return c == null ? null : c.tokens();
    }

    private static Long lines(WikiTextCorpora.SplitCount c) {
        return c == null ? null : c.lines();
    }

    /** JSON: dataset, vocabSize, train/valid/test tokens, lines per split; missing files with the fetch command. */
    public String toJson() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("dataset", dataset);
        o.put("vocabSize", vocabSize);
        o.put("train", train);
        o.put("valid", valid);
        o.put("test", test);
        ObjectNode lines = o.putObject("lines");
        lines.put("train", trainLines);
        lines.put("valid", validLines);
        lines.put("test", testLines);
        o.put("recipe", "line.trim().split(\"\\\\s+\"), empties dropped, <eos> appended; vocabulary from train");
        if (!missing.isEmpty()) {
            o.putPOJO("missing", missing);
            o.put("fetch", Datasets.fetchCommand(dataset));
        }
        try {
            return om.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
