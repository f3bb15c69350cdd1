package org.linrepro.data.lm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * Word ↔ id. Ids follow first occurrence in the training split (as in the PyTorch word_language_model example), so a
 * vocabulary is a pure function of the training text. WikiText is a closed vocabulary: every valid/test word also
 * occurs in train (rare words are already the literal {@code <unk>}), so {@link #id} fails on an unknown word
 * rather than mapping it silently.
 */
public final class Vocabulary {
    private final List<String> words;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> words, Map<String, Integer> ids) {
        this.words = words;
        this.ids = ids;
    }

    /** Builds a vocabulary incrementally (first occurrence order). */
    public static final class Builder {
        private final List<String> words = new ArrayList<>();
        private final Map<String, Integer> ids = new HashMap<>();

        /** The id of {@code w}, adding it if new. */
        public int add(String w) {
            Integer id = ids.get(w);
            if (id == null) {
                id = words.size();
                words.add(w);
                ids.put(w, id);
            }
            return id;
        }

        public Vocabulary build() {
            return new Vocabulary(Collections.unmodifiableList(new ArrayList<>(words)), new HashMap<>(ids));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A vocabulary from words listed in id order (e.g. read back from the cache). */
    public static Vocabulary of(List<String> wordsInIdOrder) {
        Builder b = builder();
        for (String w : wordsInIdOrder) {
            b.add(w);
        }
        if (b.words.size() != wordsInIdOrder.size()) {
            throw new LinreproException("vocabulary lists a word twice");
        }
        return b.build();
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    public boolean contains(String w) {
        return ids.containsKey(w);
    }

    /** The id of a known word; a word not in the training split is an error (see class comment). */
    public int id(String w) {
        Integer id = ids.get(w);
        if (id == null) {
            throw new LinreproException("word '" + w + "' is not in the vocabulary of the training split");
        }
        return id;
    }

    /** Words in id order. */
    public List<String> words() {
        return words;
    }
}
