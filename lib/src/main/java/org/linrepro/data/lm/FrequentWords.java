package org.linrepro.data.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * A smaller closed vocabulary for CPU-scale runs: the {@code keep} most frequent training words (ties broken by first
 * occurrence), every other word mapped to WikiText's own {@code <unk>}. The full 33,278-way output layer dominates
 * the cost of a small model on a CPU; quick-tier claims say when they use this.
 */
public final class FrequentWords {
    public static final String UNK = "<unk>";

    private FrequentWords() {}

    public static TokenizedCorpus keep(TokenizedCorpus c, int keep) {
        Vocabulary v = c.vocabulary();
        if (!v.contains(UNK)) {
            throw new LinreproException(c.dataset() + " has no <unk> token to map rare words to");
        }
        if (keep < 2 || keep > v.size()) {
            throw new LinreproException("keep must be between 2 and the vocabulary size " + v.size() + ", got " + keep);
        }
        long[] freq = new long[v.size()];
        for (int t : c.train()) {
            freq[t]++;
        }
        Integer[] order = new Integer[v.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // most frequent first; equal counts keep first-occurrence order (ids are first-occurrence order)
        Arrays.sort(order, (a, b) -> freq[a] != freq[b] ? Long.compare(freq[b], freq[a]) : Integer.compare(a, b));
        int unk = v.id(UNK);
        List<String> kept = new ArrayList<>();
        int[] map = new int[v.size()];
        Arrays.fill(map, -1);
        for (int i = 0; i < order.length && kept.size() < keep; i++) {
            map[order[i]] = kept.size();
            kept.add(v.word(order[i]));
        }
        if (map[unk] < 0) { // <unk> rare enough to fall out: replace the last kept word by it
            int last = kept.size() - 1;
            for (int i = 0; i < map.length; i++) {
                if (map[i] == last) {
                    map[i] = -1;
                }
            }
            kept.set(last, UNK);
            map[unk] = last;
        }
        int newUnk = map[unk];
        return new TokenizedCorpus(c.dataset() + "-top" + keep, Vocabulary.of(kept), remap(c.train(), map, newUnk),
                remap(c.valid(), map, newUnk), remap(c.test(), map, newUnk));
    }

    private static int[] remap(int[] ids, int[] map, int unk) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = map[ids[i]] >= 0 ? map[ids[i]] : unk;
        }
        return out;
    }
}
