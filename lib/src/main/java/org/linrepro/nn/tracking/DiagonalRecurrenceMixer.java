package org.linrepro.nn.tracking;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.EnumSet;
import java.util.Set;
import org.linrepro.nn.mixer.AbstractMixer;
import org.linrepro.nn.mixer.MixerConfig;
import org.linrepro.nn.mixer.MixerForm;
import org.linrepro.nn.ops.Tensors;

/**
 * The one-layer diagonal linear RNN of Grazzi et al. (2411.12537, Fig. 1; official code
 * {@code simple_recurrent/layers/diagonal.py}): h_t = a(x_t) ⊙ h_{t−1} + b(x_t) ⊙ x_t with
 * b(x) = W_b x + c_b and the state matrix's diagonal a(x) = σ(10 (W_a x + c_a)) ∈ [0, 1] or, with negative
 * eigenvalues, tanh(10 (W_a x + c_a)) ∈ [−1, 1] (the code's {@code activation_func: tanh}; Eq. 2's 2σ − 1 has the
 * same range). The weights are nn.Linear's U(±1/√d) divided by √d, as in the code.
 *
 * <p>It lives here, not in the mixer zoo, because no zoo mixer has a per-channel, input-dependent transition that
 * can be negative: the decayed mixers' gates are in (0, 1). Recurrent form only (a Java loop over time; the tasks'
 * sequences are short).
 */
public final class DiagonalRecurrenceMixer extends AbstractMixer {

    /** Config: {@code negative} = eigenvalues in [−1, 1] (tanh) instead of [0, 1] (sigmoid). */
    public record Config(int dim, boolean negative) implements MixerConfig {
        @Override
        public int heads() {
            return 1;
        }

        @Override
        public boolean causal() {
            return true;
        }

        @Override
        public int chunkSize() {
            return 1;
        }

        @Override
        public MixerForm form() {
            return MixerForm.RECURRENT;
        }
    }

    /** The gates' pre-activation scale of the official code. */
    static final double GATE_SCALE = 10.0;

    private final Parameter wa;
    private final Parameter ca;
    private final Parameter wb;
    private final Parameter cb;
    private final boolean negative;

    public DiagonalRecurrenceMixer(Config c) {
        super(c.negative() ? "diagonal[-1,1]" : "diagonal[0,1]", c);
        this.negative = c.negative();
        double w = 1.0 / c.dim(); // U(±1/√d) / √d
        double b = 1.0 / Math.sqrt(c.dim());
        wa = param("wa", new Shape(c.dim(), c.dim()), (m, s, dt) -> m.randomUniform((float) -w, (float) w, s, dt));
        ca = param("ca", new Shape(c.dim()), (m, s, dt) -> m.randomUniform((float) -b, (float) b, s, dt));
        wb = param("wb", new Shape(c.dim(), c.dim()), (m, s, dt) -> m.randomUniform((float) -w, (float) w, s, dt));
        cb = param("cb", new Shape(c.dim()), (m, s, dt) -> m.randomUniform((float) -b, (float) b, s, dt));
    }

    @Override
    public Set<MixerForm> forms() {
        return EnumSet.of(MixerForm.RECURRENT);
    }

    /** The transition's diagonal a(x) [B, L, d]. */
    NDArray transition(ParameterStore ps, NDArray x, boolean training) {
        NDArray z = Tensors.mul(project(ps, wa, x, training).add(value(ps, ca, x, training)), GATE_SCALE);
        return negative ? Activation.tanh(z) : Activation.sigmoid(z);
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        NDArray a = transition(ps, x, training);
        NDArray u = project(ps, wb, x, training).add(value(ps, cb, x, training)).mul(x);
        long len = x.getShape().get(1);
        NDList hs = new NDList((int) len);
        NDArray h = u.get(":, 0, :");
        hs.add(h);
        for (long t = 1; t < len; t++) {
            h = a.get(":, {}, :", t).mul(h).add(u.get(":, {}, :", t));
            hs.add(h);
        }
        return NDArrays.stack(hs, 1);
    }
}
