package org.linrepro.nn.mixer;

/**
 * What every mixer config record carries. Each mixer has its own record (a nested {@code Config} of
 * the mixer class) adding its specific options; {@link MixerRegistry} maps ids to them.
 */
public interface MixerConfig {
    /** Model width: input and output are [batch, length, dim]. */
    int dim();

    /** Number of heads (must divide dim); state-space mixers work per channel and ignore it. */
    int heads();

    /** Causal (decoder) or bidirectional (encoder). */
    boolean causal();

    /** Block size of the chunked form (need not divide the length). */
    int chunkSize();

    /** Form used by {@code forward}, i.e. inside DJL training; {@link TokenMixer#mix} takes it explicitly. */
    MixerForm form();

    /** The guard of a mixer that exists only as a decoder (a recurrence over the past). */
    static void requireCausal(boolean causal, String mixer) {
        if (!causal) {
            throw new IllegalArgumentException(mixer + " is defined only causally");
        }
    }

    /** Checks the common fields. */
    static void validate(MixerConfig c) {
        if (c.dim() < 1 || c.heads() < 1 || c.dim() % c.heads() != 0) {
            throw new IllegalArgumentException(
                    "dim must be positive and divisible by heads, got dim=" + c.dim() + " heads=" + c.heads());
        }
        if (c.chunkSize() < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, got " + c.chunkSize());
        }
        if (c.form() == null) {
            throw new IllegalArgumentException("form must not be null");
        }
    }
}
