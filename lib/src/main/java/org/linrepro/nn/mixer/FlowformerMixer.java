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
public final class FlowformerMixer extends AbstractMixer {

    /** Config of {@code flowformer}. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, double eps)
            implements MixerConfig {
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 1e-6);
        }
    }

    private final Parameter wq;
    private final Parameter wk;
    private final Parameter wv;
    private final Parameter wo;

    public FlowformerMixer(Config c) {
        super("flowformer", c);
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), c.dim());
        wv = linearWeight("wv", c.dim(), c.dim());
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        NDArray q = Activation.sigmoid(Tensors.splitHeads(project(ps, wq, x, training), h));
        NDArray k = Activation.sigmoid(Tensors.splitHeads(project(ps, wk, x, training), h));
        NDArray v = Tensors.splitHeads(project(ps, wv, x, training), h);
        NDArray o;
        switch (form) {
            case PARALLEL:
                o = FlowOps.parallel(q, k, v, causal(), c.eps());
                break;
            case RECURRENT:
                o = FlowOps.recurrent(q, k, v, c.eps());
                break;
            default:
                o = FlowOps.chunked(q, k, v, causal(), c.eps(), c.chunkSize());
        }
        return project(ps, wo, Tensors.mergeHeads(o), training);
    }
}
