package org.linrepro.nn.lm;

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
 */
public record LmConfig(int vocabSize, int dim, int layers, int heads, String mixer, int maxLength, int ffnDim,
        Norm norm, Channel channel, Positions positions, boolean tied, double dropout) {

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
        return new LmConfig(vocabSize, dim, layers, heads, id, maxLength, ffnDim, norm, channel, positions, tied, dropout);
    }

    public LmConfig withBlock(Norm n, Channel c, Positions p) {
        return new LmConfig(vocabSize, dim, layers, heads, mixer, maxLength, ffnDim, n, c, p, tied, dropout);
    }

    /** Parameters of the whole model, counted from the shapes (for the paper configs' "params" column). */
    public long parameterCount(long mixerParameters) {
        long emb = (long) vocabSize * dim;
        long pos = positions == Positions.LEARNED ? (long) maxLength * dim : 0;
        long normP = norm == Norm.LAYER ? 2L * dim : 0;
        long ch = channel == Channel.MLP ? 2L * dim * ffnDim + ffnDim + dim : 3L * dim * ffnDim;
        long out = tied ? 0 : emb;
        return emb + pos + layers * (2 * normP + mixerParameters + ch) + normP + out;
    }
}
