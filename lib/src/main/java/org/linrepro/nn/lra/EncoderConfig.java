package org.linrepro.nn.lra;

import java.util.Locale;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.util.LinreproException;

/**
 * Shape of an LRA encoder classifier: token embedding (+ positional encoding), {@code layers} blocks of
 * (token mixer, FFN) with pre- or post-norm residuals, pooling, and a linear head ({@code twoTower}: the
 * Retrieval setup, both documents through the same encoder, head on [u, v, u·v, u − v]).
 *
 * @param vocabulary  token ids 0..vocabulary−1, 0 = padding
 * @param maxLength   longest sequence the positional encoding covers
 * @param ffnDim      hidden width of the FFN sub-layer; 0 = no FFN (the S4 blocks of 2111.00396 are mixer-only)
 * @param mixer       a {@link MixerRegistry} id (bidirectional)
 * @param dropout     rate after the embedding and on each residual branch, training only
 * @param maskPadding padded positions do not affect the other positions (exactly; see {@link LraEncoder})
 * @param stateSize   state size N of an {@code s4}/{@code s4d} mixer; 0 = the mixer's default
 * @param qkvDim      width the mixer works at (LRA's {@code qkv_dim}); 0 = {@code dim}. Narrower than {@code dim}:
 *                    the block projects dim → qkvDim before the mixer and back after it (no biases)
 * @param headHidden  hidden width of the classifier head (LRA's {@code classifier_head}: Dense(mlp_dim), ReLU,
 *                    Dense(classes); two-tower: Dense(h), ReLU, Dense(h/2), ReLU, Dense(classes)); 0 = the linear head
 *                    (two-tower: Dense(dim), ReLU, Dense(classes))
 * @param concatPair  two-tower head input [u, v] (a dual encoder with interaction None) instead of [u, v, u·v, u − v]
 * @param lraInit     the LRA code's initialisation of the encoder's own weights: token embeddings N(0, 1), CLS zeros,
 *                    feed-forward and q/k/v projections Xavier-uniform, head LeCun-normal (truncated), biases zero;
 *                    otherwise embeddings N(0, 0.02) and U(±1/√fan_in) layers. The mixers' own weights are theirs
 */
public record EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
        String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower, double dropout,
        boolean maskPadding, int stateSize, int qkvDim, int headHidden, boolean concatPair, boolean lraInit) {

    /** MEAN over real tokens, a CLS token in front, or the LAST real token (the S4 V2 Pathfinder decoder). */
    public enum Pooling { MEAN, CLS, LAST }

    public enum Positional { SINUSOIDAL, LEARNED, NONE }

    public EncoderConfig {
        require(vocabulary >= 2, "vocabulary must be ≥ 2, got " + vocabulary);
        require(classes >= 2, "classes must be ≥ 2, got " + classes);
        require(maxLength >= 1, "maxLength must be ≥ 1, got " + maxLength);
        require(dim >= 1 && heads >= 1 && dim % heads == 0, "dim must be a positive multiple of heads, got dim " + dim
                + ", heads " + heads);
        require(layers >= 1, "layers must be ≥ 1, got " + layers);
        require(ffnDim >= 0, "ffnDim must be ≥ 0 (0 = no FFN), got " + ffnDim);
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1), got " + dropout);
        require(stateSize >= 0, "stateSize must be ≥ 0 (0 = the mixer's default), got " + stateSize);
        require(stateSize == 0 || "s4".equals(mixer) || "s4d".equals(mixer),
                "stateSize is an option of the s4 and s4d mixers, not of '" + mixer + "'");
        require(stateSize == 0 || !"s4d".equals(mixer) || stateSize % 2 == 0, "s4d needs an even stateSize, got "
                + stateSize);
        require(mixer != null && MixerRegistry.ids().contains(mixer), "unknown mixer '" + mixer + "'; known: "
                + String.join(", ", MixerRegistry.ids()));
        require(pooling != null && positional != null, "pooling and positional must be set");
        require(qkvDim >= 0 && qkvDim <= dim, "qkvDim must be in [0, dim] (0 = dim), got " + qkvDim);
        require(qkvDim == 0 || qkvDim % heads == 0, "qkvDim must be a multiple of heads, got qkvDim " + qkvDim
                + ", heads " + heads);
        require(qkvDim == 0 || qkvDim == dim || !stateSpaceMixer(), "qkvDim is an attention option, not of '"
                + mixer + "'");
        require(!concatPair || twoTower, "concatPair is an option of the two-tower model");
        require(headHidden >= 0 && (!twoTower || headHidden == 0 || headHidden >= 2), "headHidden must be ≥ 0 "
                + "(two-tower: 0 or ≥ 2), got " + headHidden);
    }

    public EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
            String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower, double dropout,
            boolean maskPadding, int stateSize) {
        this(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling, positional, twoTower,
                dropout, maskPadding, stateSize, 0, 0, false, false);
    }

    /** Without dropout, padding masks or a state-size override (the first quick-tier setup). */
    public EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
            String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower) {
        this(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling, positional, twoTower,
                0.0, false, 0, 0, 0, false, false);
    }

    public EncoderConfig withDropout(double rate) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, rate, maskPadding, stateSize, qkvDim, headHidden, concatPair, lraInit);
    }

    public EncoderConfig withMaskPadding(boolean mask) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, mask, stateSize, qkvDim, headHidden, concatPair, lraInit);
    }

    public EncoderConfig withStateSize(int n) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, n, qkvDim, headHidden, concatPair, lraInit);
    }

    public EncoderConfig withQkvDim(int width) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, stateSize, width, headHidden, concatPair, lraInit);
    }

    public EncoderConfig withHeadHidden(int width) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, stateSize, qkvDim, width, concatPair, lraInit);
    }

    public EncoderConfig withConcatPair(boolean concat) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, stateSize, qkvDim, headHidden, concat, lraInit);
    }

    public EncoderConfig withLraInit(boolean lra) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, stateSize, qkvDim, headHidden, concatPair, lra);
    }

    /** The width the mixer runs at. */
    public int mixerDim() {
        return qkvDim == 0 ? dim : qkvDim;
    }

    /** Whether the blocks project to a narrower mixer width and back. */
    public boolean projectsQkv() {
        return mixerDim() != dim;
    }

    /** Whether the mixer is a linear state-space layer: zero input leaves its state at zero (padding mask by zeroing). */
    public boolean stateSpaceMixer() {
        return "s4".equals(mixer) || "s4d".equals(mixer);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new LinreproException("encoder config: " + message);
        }
    }

    public static Pooling pooling(String s) {
        try {
            return Pooling.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LinreproException("encoder config: pooling must be mean, cls or last, got '" + s + "'");
        }
    }

    public static Positional positional(String s) {
        try {
            return Positional.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LinreproException("encoder config: positional must be sinusoidal, learned or none, got '" + s + "'");
        }
    }
}
