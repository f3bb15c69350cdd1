package org.linrepro.data.tracking;

/**
 * One state-tracking example: the tokens the model reads (up to and including the position whose output predicts the
 * answer) and the answer class. The classifier reads out at the last token, so no padding id is reserved.
 */
public record TrackingExample(int[] tokens, int label) {
    public TrackingExample {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a tracking example needs at least one token");
        }
    }

    public int length() {
        return tokens.length;
    }
}
