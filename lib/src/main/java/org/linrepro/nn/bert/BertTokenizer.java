package org.linrepro.nn.bert;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * WordPiece tokenisation through DJL's Hugging Face tokenizers (native library bundled in the jar, nothing
 * downloaded), from a tokenizer.json. Single sentences and pairs ([CLS] a [SEP] b [SEP], type ids 0/1),
 * truncated longest-first to {@code maxLength}, right-padded to the batch's longest.
 */
public final class BertTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    public BertTokenizer(byte[] tokenizerJson, int maxLength) {
        this.maxLength = maxLength;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("maxLength", String.valueOf(maxLength), "truncation", "true", "padding", "false"));
        } catch (IOException | RuntimeException e) {
            throw new LinreproException("cannot load the tokenizer: " + e.getMessage());
        }
    }

    /** all-MiniLM-L6-v2's tokenizer from the artifact. */
    public static BertTokenizer miniLm(int maxLength) {
        return new BertTokenizer(MiniLm.resource(MiniLm.TOKENIZER_RESOURCE), maxLength);
    }

    public int maxLength() {
        return maxLength;
    }

    /** Single sentences, or pairs when {@code second} is non-null (same size as {@code first}). */
    public Tokenized encode(List<String> first, List<String> second) {
        int n = first.size();
        Encoding[] enc = new Encoding[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            enc[i] = second == null ? tokenizer.encode(first.get(i)) : tokenizer.encode(first.get(i), second.get(i));
            len = Math.max(len, enc[i].getIds().length);
        }
        long[][] ids = new long[n][len];
        long[][] types = new long[n][len];
        long[][] mask = new long[n][len];
        for (int i = 0; i < n; i++) {
            long[] e = enc[i].getIds();
            System.arraycopy(e, 0, ids[i], 0, e.length);
            System.arraycopy(enc[i].getTypeIds(), 0, types[i], 0, e.length);
            java.util.Arrays.fill(mask[i], 0, e.length, 1);
        }
        return new Tokenized(ids, types, mask);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
