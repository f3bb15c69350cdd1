package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Our DJL encoder against ONNX Runtime on the same tokenised sentences: the largest absolute difference of the
 * hidden states over real (unpadded) tokens.
 */
public final class EncoderExactness {
    private EncoderExactness() {}

    public record Result(double maxAbsDiff, double maxAbsValue, int tokens) {}

    public static Result compare(NDManager m, BertEncoder encoder, OnnxReference reference, Tokenized t) {
        float[][][] ref = reference.lastHiddenState(t);
        float[] ours;
        try (NDManager sm = m.newSubManager()) {
            NDArray h = encoder.forward(t.idsArray(sm), t.typeIdsArray(sm), t.maskArray(sm));
            ours = h.toFloatArray();
        }
        int d = encoder.config().hidden();
        double max = 0;
        double maxValue = 0;
        int tokens = 0;
        for (int b = 0; b < t.batch(); b++) {
            for (int i = 0; i < t.length(); i++) {
                if (t.mask()[b][i] == 0) {
                    continue;
                }
                tokens++;
                for (int k = 0; k < d; k++) {
                    float o = ours[(b * t.length() + i) * d + k];
                    max = Math.max(max, Math.abs(o - ref[b][i][k]));
                    maxValue = Math.max(maxValue, Math.abs(ref[b][i][k]));
                }
            }
        }
        return new Result(max, maxValue, tokens);
    }

    /** Real sentences of varied length for the check (pairs exercise token type ids). */
    public static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Low-rank adapters fine-tune a frozen pretrained model with few trainable parameters.",
            "It's a charming and often affecting journey.",
            "Unbelievably, the committee postponed its decision until next Thursday, citing incomplete data.",
            "Hello!");
}
