package org.linrepro.nn.bert;

/**
 * Shape of a BERT-family encoder. {@code positionOffset}: RoBERTa numbers positions from padding_idx + 1 = 2,
 * BERT from 0.
 */
public record BertConfig(int vocab, int hidden, int layers, int heads, int intermediate, int maxPositions,
        int typeVocab, float layerNormEps, int positionOffset) {

    public BertConfig {
        if (hidden % heads != 0) {
            throw new org.linrepro.util.LinreproException("hidden size " + hidden + " is not divisible by "
                    + heads + " heads");
        }
    }

    /** sentence-transformers/all-MiniLM-L6-v2. */
    public static BertConfig miniLmL6() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0);
    }

    public int headDim() {
        return hidden / heads;
    }

    /** The longest input the position table allows. */
    public int maxLength() {
        return maxPositions - positionOffset;
    }
}
