package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.FlowOps;
import org.linrepro.nn.ops.Tensors;

/**
 * Flowformer (Wu et al., arXiv 2202.06258): linear attention normalised by flow conservation —
 * incoming/outgoing flows, competition among sources via softmax, allocation to sinks via sigmoid
 * (eq. 4–9; causal form §3.3). φ = sigmoid. See {@link FlowOps} for the equations.
 */
public final class FlowformerMixer extends QkvMixer {

    /** Config of {@code flowformer}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, double eps)
            implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 1e-6);
        }
    }


    public FlowformerMixer(Config c) {
        super("flowformer", c);
        declareOutput();
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k0, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        NDArray q = Activation.sigmoid(q0);
        NDArray k = Activation.sigmoid(k0);
        return Tensors.mergeHeads(byForm(form,
                () -> FlowOps.parallel(q, k, v, causal(), c.eps()),
                () -> FlowOps.recurrent(q, k, v, c.eps()),
                () -> FlowOps.chunked(q, k, v, causal(), c.eps(), c.chunkSize())));
    }
}
