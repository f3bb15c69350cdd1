package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** A right-padded batch of token ids, token type ids and attention mask, each (batch, length). */
public record Tokenized(long[][] ids, long[][] typeIds, long[][] mask) {

    public int batch() {
        return ids.length;
    }

    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    public NDArray idsArray(NDManager m) {
        return flat(m, ids);
    }

    public NDArray typeIdsArray(NDManager m) {
        return flat(m, typeIds);
    }

    public NDArray maskArray(NDManager m) {
        return flat(m, mask);
    }

    private NDArray flat(NDManager m, long[][] a) {
        long[] flat = new long[batch() * length()];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, flat, i * length(), length());
        }
        return m.create(flat, new Shape(batch(), length()));
    }
}
