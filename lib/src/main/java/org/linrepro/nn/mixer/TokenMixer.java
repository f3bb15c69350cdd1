package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Set;

/**
 * A token mixer: [batch, length, dim] → [batch, length, dim], the sequence-mixing sub-layer of a
 * transformer-like block (attention or a state-space layer). Every mixer is a DJL {@link Block},
 * so it can sit inside a model trained with DJL's {@code Trainer}; {@code forward} uses
 * {@link MixerConfig#form()}. {@link #mix} selects the form explicitly (tests, benchmarks).
 *
 * <p>Usage:
 *
 * <pre>{@code
 * TokenMixer mixer = MixerRegistry.create("gla", 64, 4, true);          // defaults for the rest
 * mixer.initialize(manager, DataType.FLOAT32, new Shape(batch, length, 64));
 * NDArray y = mixer.forward(ps, new NDList(x), training).singletonOrThrow(); // config form
 * NDArray y2 = mixer.mix(x, MixerForm.RECURRENT);                          // any supported form
 * }</pre>
 */
public interface TokenMixer extends Block {

    /** Registry id, e.g. {@code "gla"}. */
    String id();

    MixerConfig config();

    default int dim() {
        return config().dim();
    }

    default int heads() {
        return config().heads();
    }

    default boolean causal() {
        return config().causal();
    }

    /** Forms this instance supports (some methods have no recurrent form when bidirectional). */
    Set<MixerForm> forms();

    /**
     * Applies the mixer in the given form.
     *
     * @param ps parameter store (as handed to {@code forward})
     * @param x [batch, length, dim]
     * @param form one of {@link #forms()}
     * @param training whether in training mode
     * @return [batch, length, dim]
     */
    NDArray mix(ParameterStore ps, NDArray x, MixerForm form, boolean training);

    /** Inference-mode convenience with a non-copying parameter store. */
    default NDArray mix(NDArray x, MixerForm form) {
        return mix(new ParameterStore(x.getManager(), false), x, form, false);
    }

    /** Inference-mode convenience in the config's form. */
    default NDArray mix(NDArray x) {
        return mix(x, config().form());
    }
}
