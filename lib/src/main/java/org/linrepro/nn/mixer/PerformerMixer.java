package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.linrepro.nn.ops.Tensors;

/**
 * Performer / FAVOR+ (Choromanski et al., arXiv 2009.14794): softmax attention approximated by
 * linear attention on positive random features φ(x) = exp(ω_i^T x − |x|²/2)/√m, ω_i ~ N(0, I)
 * (Lemma 1, eq. 7), drawn as orthogonal blocks with chi-distributed row norms (§2.4, ORF), with
 * q, k scaled by d^{−1/4} so that E[φ(q)^T φ(k)] = exp(q^T k/√d). Normalised as in eq. 3:
 * D^{−1}(φ(Q)(φ(K)^T V)). Features come from a Java {@link Random} seeded by the config seed, and
 * {@link #redraw(long)} replaces them (the paper redraws periodically during training).
 *
 * <p>Stabiliser: each query's features are divided by exp(max_i ω_i^T q − |q|²/2) — a per-query
 * constant, so it cancels between numerator and denominator and keeps causality exact. Key
 * features need none: ω^T k − |k|²/2 ≤ |ω|²/2.
 */
public final class PerformerMixer extends QkvMixer {

    /** Config of {@code performer}: {@code features} random features per head. */
    public record Config(
            int dim, int heads, boolean causal, int chunkSize, MixerForm form, int features, long seed, boolean orthogonal, double eps)
            implements MixerConfig {
        public Config {
            if (features < 1) {
                throw new IllegalArgumentException("performer needs features >= 1");
            }
        }

        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 2 * (dim / heads), 0L, true, 1e-6);
        }
    }

    private volatile double[] omega; // [features * headDim], row-major

    public PerformerMixer(Config c) {
        super("performer", c);
        declareOutput();
        redraw(c.seed());
    }

    /** Draws a new feature matrix from {@code seed} (deterministic). */
    public void redraw(long seed) {
        Config c = (Config) config();
        omega = randomFeatures(c.features(), c.dim() / c.heads(), seed, c.orthogonal());
    }

    /** The current features as [features, headDim] values. */
    public double[] features() {
        return omega.clone();
    }

    /**
     * m × d Gaussian features; if orthogonal, rows are orthogonalised in blocks of d (Gram–Schmidt)
     * and rescaled to the norms of independent Gaussian vectors.
     */
    static double[] randomFeatures(int m, int d, long seed, boolean orthogonal) {
        Random rnd = new Random(seed);
        double[] w = new double[m * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = rnd.nextGaussian();
        }
        if (!orthogonal) {
            return w;
        }
        for (int start = 0; start < m; start += d) {
            int end = Math.min(m, start + d);
            for (int i = start; i < end; i++) {
                for (int j = start; j < i; j++) {
                    double dot = 0;
                    for (int t = 0; t < d; t++) {
                        dot += w[i * d + t] * w[j * d + t];
                    }
                    for (int t = 0; t < d; t++) {
                        w[i * d + t] -= dot * w[j * d + t];
                    }
                }
                double n = 0;
                for (int t = 0; t < d; t++) {
                    n += w[i * d + t] * w[i * d + t];
                }
                n = Math.sqrt(n);
                for (int t = 0; t < d; t++) {
                    w[i * d + t] /= n;
                }
            }
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int t = 0; t < d; t++) {
                double g = rnd.nextGaussian();
                s += g * g;
            }
            double norm = Math.sqrt(s); // chi(d) sample: the norm an i.i.d. Gaussian row would have
            for (int t = 0; t < d; t++) {
                w[i * d + t] *= norm;
            }
        }
        return w;
    }

    /** Positive random features of x [B, H, L, d] → [B, H, L, m]. */
    static NDArray favorFeatures(NDArray x, NDArray omegaT, int m, boolean stabilise) {
        NDArray proj = x.matMul(omegaT); // [B,H,L,m]
        NDArray arg = proj.sub(Tensors.mul(x.square().sum(new int[] {-1}, true), 0.5));
        if (stabilise) {
            arg = arg.sub(arg.max(new int[] {-1}, true).stopGradient());
        }
        return Tensors.mul(arg.exp(), 1.0 / Math.sqrt(m));
    }

    @Override
    protected NDArray mixHeads(
            ParameterStore ps, NDArray x, NDArray q0, NDArray k0, NDArray v, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        int d = dim() / h;
        double s = Math.pow(d, -0.25);
        NDArray omegaT = Tensors.constant(x.getManager(), omega, x.getDataType()).reshape(c.features(), d).transpose();
        NDArray q = Tensors.mul(q0, s);
        NDArray k = Tensors.mul(k0, s);
        NDArray qf = favorFeatures(q, omegaT, c.features(), true);
        NDArray kf = favorFeatures(k, omegaT, c.features(), false);
        return Tensors.mergeHeads(LinearAttentionForms.normalized(qf, kf, v, causal(), form, c.chunkSize(), c.eps()));
    }
}
