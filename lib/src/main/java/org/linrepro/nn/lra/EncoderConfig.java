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
 */
public record EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
        String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower, double dropout,
        boolean maskPadding, int stateSize) {

    public enum Pooling { MEAN, CLS }

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
    }

    /** Without dropout, padding masks or a state-size override (the first quick-tier setup). */
    public EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
            String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower) {
        this(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling, positional, twoTower,
                0.0, false, 0);
    }

    public EncoderConfig withDropout(double rate) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, rate, maskPadding, stateSize);
    }

    public EncoderConfig withMaskPadding(boolean mask) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, mask, stateSize);
    }

    public EncoderConfig withStateSize(int n) {
        return new EncoderConfig(vocabulary, classes, maxLength, dim, heads, layers, ffnDim, mixer, preNorm, pooling,
                positional, twoTower, dropout, maskPadding, n);
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
            throw new LinreproException("encoder config: pooling must be mean or cls, got '" + s + "'");
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
