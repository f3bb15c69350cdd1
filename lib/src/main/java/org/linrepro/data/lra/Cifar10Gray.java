package org.linrepro.data.lra;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.data.DataException;
import org.linrepro.data.DataRoot;

/**
 * LRA Image: CIFAR-10 as a sequence of 1024 gray pixels (CATALOGUE LRA-T5; 10 classes; the LRA config trains on
 * train[:90%], validates on train[90%:] and tests on test). Reads the mirror's {@code cifar10/{train,test}_gray.bin.gz}
 * (records of 1 label byte + 1024 row-major pixel bytes). Tokens are pixel + 1 (0 = padding, vocabulary 257), so the
 * same embedding-based encoder reads pixels and bytes.
 */
public final class Cifar10Gray {
    public static final int PIXELS = 1024;
    public static final int VOCABULARY = 257;

    private Cifar10Gray() {}

    /** The first {@code limit} records of {@code split} ("train" or "test"); limit ≤ 0 reads all. */
    public static List<TokenExample> load(DataRoot root, String split, int limit) {
        if (!split.equals("train") && !split.equals("test")) {
            throw new DataException("CIFAR-10 split must be train or test, got '" + split + "'");
        }
        String rel = "cifar10/" + split + "_gray.bin.gz";
        int max = split.equals("train") ? 50_000 : 10_000;
        int n = limit <= 0 ? max : Math.min(limit, max);
        List<TokenExample> out = new ArrayList<>(n);
        byte[] rec = new byte[PIXELS + 1];
        try (DataInputStream in = new DataInputStream(root.openGzip(rel))) {
            for (int i = 0; i < n; i++) {
                try {
                    in.readFully(rec);
                } catch (EOFException e) {
                    throw new DataException(rel + ": ends after " + i + " records, expected " + max);
                }
                int label = rec[0] & 0xFF;
                if (label > 9) {
                    throw new DataException(rel + ": record " + i + " has label " + label + " (expected 0-9)");
                }
                int[] t = new int[PIXELS];
                for (int j = 0; j < PIXELS; j++) {
                    t[j] = (rec[j + 1] & 0xFF) + 1;
                }
                out.add(new TokenExample(t, label));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(rel + ": " + e.getMessage(), e);
        }
        return out;
    }
}
