package org.linrepro.data.lm;

import java.util.ArrayList;
import java.util.List;

/**
 * The standard word-level WikiText recipe (Merity et al. 2016; the PyTorch word_language_model example): split a
 * line on ASCII whitespace, drop empty pieces, append {@code <eos>}. A blank line therefore yields just
 * {@code <eos>}. {@code shared/data/README.md} checked that this gives the published counts.
 */
public final class WordTokenizer {
    /** End-of-line token appended to every line. */
    public static final String EOS = "<eos>";

    private WordTokenizer() {}

    /** The tokens of one line, {@code <eos>} last. */
    public static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        // Java's \s is ASCII whitespace, the same split as Python's str.split() on these files (checked upstream).
        for (String t : line.trim().split("\\s+")) {
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        out.add(EOS);
        return out;
    }
}
