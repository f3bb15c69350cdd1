package org.linrepro.nn.lra;

import java.util.Locale;
import org.linrepro.nn.mixer.MixerRegistry;
import org.linrepro.util.LinreproException;

/**
 * Shape of an LRA encoder classifier: token embedding (+ positional encoding), {@code layers} blocks of
 * (token mixer, FFN) with pre- or post-norm residuals, pooling, and a linear head ({@code twoTower}: the
 * Retrieval setup, both documents through the same encoder, head on [u, v, u·v, u − v]).
 *
 * @param vocabulary token ids 0..vocabulary−1, 0 = padding
 * @param maxLength  longest sequence the positional encoding covers
 * @param mixer      a {@link MixerRegistry} id (bidirectional)
 */
public record EncoderConfig(int vocabulary, int classes, int maxLength, int dim, int heads, int layers, int ffnDim,
        String mixer, boolean preNorm, Pooling pooling, Positional positional, boolean twoTower) {

    public enum Pooling { MEAN, CLS }

    public enum Positional { SINUSOIDAL, LEARNED, NONE }

    public EncoderConfig {
        require(vocabulary >= 2, "vocabulary must be ≥ 2, got " + vocabulary);
        require(classes >= 2, "classes must be ≥ 2, got " + classes);
        require(maxLength >= 1, "maxLength must be ≥ 1, got " + maxLength);
        require(dim >= 1 && heads >= 1 && dim % heads == 0, "dim must be a positive multiple of heads, got dim " + dim
                + ", heads " + heads);
        require(layers >= 1, "layers must be ≥ 1, got " + layers);
        require(ffnDim >= 1, "ffnDim must be ≥ 1, got " + ffnDim);
        require(mixer != null && MixerRegistry.ids().contains(mixer), "unknown mixer '" + mixer + "'; known: "
                + String.join(", ", MixerRegistry.ids()));
        require(pooling != null && positional != null, "pooling and positional must be set");
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
