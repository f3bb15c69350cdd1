package org.linrepro.nn.lm;

import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Shape and options of a {@link LanguageModel}: a decoder-only stack of pre-norm blocks (token mixer from the
 * zoo, then a channel mixer), with the switches the papers differ in.
 *
 * @param vocabSize  output classes (word vocabulary incl. {@code <eos>})
 * @param dim        model width
 * @param layers     number of blocks
 * @param heads      heads of the token mixer
 * @param mixer      token-mixer id of {@link org.linrepro.nn.mixer.MixerRegistry} (always built causal)
 * @param maxLength  longest input the model accepts (size of a learned position table)
 * @param ffnDim     hidden width of the channel mixer
 * @param norm       pre-norm kind
 * @param channel    channel-mixer kind
 * @param positions  positional encoding
 * @param tied       output layer shares the input embedding matrix
 * @param dropout    dropout rate after the embedding and each sub-layer (training only)
 * @param adaptiveCutoffs empty for a plain output layer (V-way softmax); else the cutoffs of an
 *                   {@link AdaptiveSoftmax} (ids sorted by frequency; not with tied embeddings)
 * @param adaptiveFactor width divisor per tail cluster of the adaptive softmax (Grave et al. and fairseq use 4)
 */
public record LmConfig(int vocabSize, int dim, int layers, int heads, String mixer, int maxLength, int ffnDim,
        Norm norm, Channel channel, Positions positions, boolean tied, double dropout, List<Integer> adaptiveCutoffs,
        double adaptiveFactor) {

    /** LayerNorm (with gain and bias), or TransNormer's SRMSNorm: x / (‖x‖₂/√d), no parameters. */
    public enum Norm { LAYER, SRMS }

    /** MLP (GELU), GLU (a SiLU-gated linear unit), SGLU (TransNormer's gate without an activation: (xW_u ⊙ xW_v)W_o). */
    public enum Channel { MLP, GLU, SGLU }

    /** Learned absolute table, fixed sinusoidal (Vaswani et al.), or none (the mixer must carry order: decay, recurrence). */
    public enum Positions { LEARNED, SINUSOIDAL, NONE }

    public LmConfig {
        req(vocabSize >= 2, "vocabSize must be ≥ 2, got " + vocabSize);
        req(dim >= 1 && layers >= 1 && heads >= 1, "dim, layers and heads must be ≥ 1");
        req(dim % heads == 0, "dim " + dim + " is not divisible by heads " + heads);
        req(maxLength >= 1, "maxLength must be ≥ 1, got " + maxLength);
        req(ffnDim >= 1, "ffnDim must be ≥ 1, got " + ffnDim);
        req(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        req(mixer != null && norm != null && channel != null && positions != null, "no option may be null");
        adaptiveCutoffs = List.copyOf(adaptiveCutoffs);
        for (int i = 0; i < adaptiveCutoffs.size(); i++) {
            int c = adaptiveCutoffs.get(i);
            req(c >= 1 && c < vocabSize && (i == 0 || c > adaptiveCutoffs.get(i - 1)),
                    "adaptive softmax cutoffs must increase strictly within 1.." + (vocabSize - 1) + ", got "
                            + adaptiveCutoffs);
        }
        req(adaptiveCutoffs.isEmpty() || !tied, "an adaptive softmax output layer cannot be tied to the embedding");
        req(adaptiveFactor >= 1, "adaptiveFactor must be ≥ 1, got " + adaptiveFactor);
    }

    /** A plain (V-way) output layer. */
    public LmConfig(int vocabSize, int dim, int layers, int heads, String mixer, int maxLength, int ffnDim,
            Norm norm, Channel channel, Positions positions, boolean tied, double dropout) {
        this(vocabSize, dim, layers, heads, mixer, maxLength, ffnDim, norm, channel, positions, tied, dropout,
                List.of(), 4);
    }

    /** True when the output layer is an adaptive softmax. */
    public boolean adaptive() {
        return !adaptiveCutoffs.isEmpty();
    }

    /** This config with an untied adaptive-softmax output layer. */
    public LmConfig withAdaptiveSoftmax(List<Integer> cutoffs, double factor) {
        return new LmConfig(vocabSize, dim, layers, heads, mixer, maxLength, ffnDim, norm, channel, positions, false,
                dropout, cutoffs, factor);
    }

    private static void req(boolean ok, String msg) {
        if (!ok) {
            throw new LinreproException("language model config: " + msg);
        }
    }

    /** A small CPU model: width dim, 4·dim MLP, LayerNorm, learned positions, tied embeddings, no dropout. */
    public static LmConfig small(int vocabSize, String mixer, int dim, int layers, int heads, int maxLength) {
        return new LmConfig(vocabSize, dim, layers, heads, mixer, maxLength, 4 * dim, Norm.LAYER, Channel.MLP,
                Positions.LEARNED, true, 0.0);
    }

    public LmConfig withMixer(String id) {
        return new LmConfig(vocabSize, dim, layers, heads, id, maxLength, ffnDim, norm, channel, positions, tied, dropout,
                adaptiveCutoffs, adaptiveFactor);
    }

    public LmConfig withBlock(Norm n, Channel c, Positions p) {
        return new LmConfig(vocabSize, dim, layers, heads, mixer, maxLength, ffnDim, n, c, p, tied, dropout,
                adaptiveCutoffs, adaptiveFactor);
    }

    /** Parameters of the whole model, counted from the shapes (for the paper configs' "params" column). */
    public long parameterCount(long mixerParameters) {
        long emb = (long) vocabSize * dim;
        long pos = positions == Positions.LEARNED ? (long) maxLength * dim : 0;
        long normP = norm == Norm.LAYER ? 2L * dim : 0;
        long ch = channel == Channel.MLP ? 2L * dim * ffnDim + ffnDim + dim : 3L * dim * ffnDim;
        long out = adaptive() ? AdaptiveSoftmax.parameterCount(dim, vocabSize, adaptiveCutoffs, adaptiveFactor)
                : tied ? 0 : emb;
        return emb + pos + layers * (2 * normP + mixerParameters + ch) + normP + out;
    }
}
