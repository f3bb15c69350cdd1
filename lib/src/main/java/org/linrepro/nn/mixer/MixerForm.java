package org.linrepro.nn.mixer;

/** The three computational forms of a token mixer (they compute the same function). */
public enum MixerForm {
    /** Quadratic in length: the full (masked) L×L interaction; the reference. */
    PARALLEL,
    /** Token by token with a carried state (the inference form). */
    RECURRENT,
    /** Blocks of {@code chunkSize} tokens: intra-block quadratic part plus an inter-block state. */
    CHUNKED
}
