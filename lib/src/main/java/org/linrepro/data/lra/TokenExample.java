package org.linrepro.data.lra;

/**
 * One classification example as token ids (0 is reserved for padding in every LRA vocabulary here) and a label.
 * For Retrieval, {@code second} holds the other document's tokens; otherwise it is null.
 */
public record TokenExample(int[] tokens, int[] second, int label) {
    public TokenExample(int[] tokens, int label) {
        this(tokens, null, label);
    }
}
