package org.linrepro.nn.mixer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.linrepro.nn.mixer.PlainDouble.matvec;
import static org.linrepro.nn.mixer.PlainDouble.silu;
import static org.linrepro.nn.mixer.PlainDouble.unit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wiring of the new mixers against their papers' recurrences written out as plain Java-double loops with
 * the mixers' own weights (the forms test shows the three forms agree; this shows they compute the paper's
 * layer): Mamba-2's SSD recurrence (2405.21060), the gated delta rule layer (2412.06464) and MoM's routed
 * memories (2502.13685). fp64; 1e-9 absolute leaves room for the forms' different summation orders only.
 */
class NewMixersReferenceTest {

    static final int DIM = 6;
    static final int HEADS = 2;
    static final int LEN = 9;

    @Test
    void mamba2IsTheSsdRecurrence() {
        try (NDManager m = NDManager.newBaseManager()) {
            Mamba2Mixer.Config c = new Mamba2Mixer.Config(DIM, HEADS, true, 4, MixerForm.CHUNKED, 5);
            TokenMixer mixer = build(m, "mamba2", c);
            NDArray x = input(m);
            Map<String, double[]> w = weights(mixer);
            int n = c.stateSize();
            int p = DIM / HEADS;
            double[] xs = x.toDoubleArray();
            double[] want = new double[LEN * DIM];
            double[][][] h = new double[HEADS][n][p];
            for (int t = 0; t < LEN; t++) {
                double[] xt = row(xs, t);
                double[] u = silu(matvec(xt, w.get("wx"), DIM));
                double[] bt = silu(matvec(xt, w.get("wB"), n));
                double[] ct = silu(matvec(xt, w.get("wC"), n));
                double[] z = silu(matvec(xt, w.get("wz"), DIM));
                double[] dtRaw = matvec(xt, w.get("wdt"), HEADS);
                double[] y = new double[DIM];
                for (int hh = 0; hh < HEADS; hh++) {
                    double dt = softplus(dtRaw[hh] + w.get("dtBias")[hh]);
                    double a = Math.exp(-dt * Math.exp(w.get("aLog")[hh])); // exp(Δ A), A = −exp(A_log)
                    for (int s = 0; s < n; s++) {
                        for (int j = 0; j < p; j++) {
                            h[hh][s][j] = a * h[hh][s][j] + dt * bt[s] * u[hh * p + j];
                        }
                    }
                    for (int j = 0; j < p; j++) {
                        double acc = 0;
                        for (int s = 0; s < n; s++) {
                            acc += ct[s] * h[hh][s][j];
                        }
                        y[hh * p + j] = acc + w.get("skip")[hh] * u[hh * p + j];
                    }
                }
                for (int i = 0; i < DIM; i++) {
                    y[i] *= z[i];
                }
                System.arraycopy(matvec(rms(y, 0, DIM), w.get("wo"), DIM), 0, want, t * DIM, DIM);
            }
            assertForms(mixer, x, want);
        }
    }

    @Test
    void gatedDeltaNetIsTheGatedDeltaRuleLayer() {
        for (boolean neg : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                GatedDeltaNetMixer.Config c = new GatedDeltaNetMixer.Config(DIM, HEADS, true, 4, MixerForm.CHUNKED, neg);
                TokenMixer mixer = build(m, "gated-deltanet", c);
                NDArray x = input(m);
                Map<String, double[]> w = weights(mixer);
                int d = DIM / HEADS;
                double[] xs = x.toDoubleArray();
                double[] want = new double[LEN * DIM];
                double[][][] s = new double[HEADS][d][d]; // S[h][key][value]
                for (int t = 0; t < LEN; t++) {
                    double[] xt = row(xs, t);
                    double[] q = silu(matvec(xt, w.get("wq"), DIM));
                    double[] k = silu(matvec(xt, w.get("wk"), DIM));
                    double[] v = silu(matvec(xt, w.get("wv"), DIM));
                    double[] gRaw = matvec(xt, w.get("wa"), HEADS);
                    double[] bRaw = matvec(xt, w.get("wb"), HEADS);
                    double[] gate = silu(matvec(xt, w.get("wg"), DIM));
                    double[] o = new double[DIM];
                    for (int hh = 0; hh < HEADS; hh++) {
                        double alpha = Math.exp(-Math.exp(w.get("aLog")[hh]) * softplus(gRaw[hh] + w.get("dtBias")[hh]));
                        double beta = (neg ? 2 : 1) / (1 + Math.exp(-bRaw[hh]));
                        double[] kk = unit(k, hh * d, d);
                        double[] qq = unit(q, hh * d, d);
                        // S_t = S_{t−1} α (I − β k k^T) + β v k^T, in the row convention S[key][value]
                        for (int e = 0; e < d; e++) {
                            double ks = 0;
                            for (int a = 0; a < d; a++) {
                                ks += kk[a] * s[hh][a][e];
                            }
                            for (int a = 0; a < d; a++) {
                                s[hh][a][e] = alpha * s[hh][a][e] - alpha * beta * kk[a] * ks + beta * kk[a] * v[hh * d + e];
                            }
                        }
                        for (int e = 0; e < d; e++) {
                            for (int a = 0; a < d; a++) {
                                o[hh * d + e] += qq[a] * s[hh][a][e];
                            }
                        }
                    }
                    double[] y = new double[DIM];
                    for (int hh = 0; hh < HEADS; hh++) {
                        double[] normed = rms(o, hh * d, d);
                        for (int e = 0; e < d; e++) {
                            y[hh * d + e] = normed[e] * gate[hh * d + e];
                        }
                    }
                    System.arraycopy(matvec(y, w.get("wo"), DIM), 0, want, t * DIM, DIM);
                }
                assertForms(mixer, x, want);
            }
        }
    }

    @Test
    void momIsAMixtureOfRoutedMemoriesPlusTheSharedOne() {
        for (MomMixer.Rule rule : MomMixer.Rule.values()) {
            try (NDManager m = NDManager.newBaseManager()) {
                MomMixer.Config c = new MomMixer.Config(DIM, HEADS, true, 4, MixerForm.CHUNKED, 3, 2, rule);
                TokenMixer mixer = build(m, "mom", c);
                NDArray x = input(m);
                Map<String, double[]> w = weights(mixer);
                int d = DIM / HEADS;
                int banks = c.memories() + 1;
                double[] xs = x.toDoubleArray();
                double[] want = new double[LEN * DIM];
                double[][][][] s = new double[banks][HEADS][d][d];
                for (int t = 0; t < LEN; t++) {
                    double[] xt = row(xs, t);
                    double[] logits = matvec(xt, w.get("wr"), c.memories());
                    double[] weight = topK(logits, c.topK()); // routed memories, renormalised; shared = 1
                    double[] q = silu(matvec(xt, w.get("wq"), DIM));
                    double[] k = silu(matvec(xt, w.get("wk"), DIM * banks));
                    double[] v = silu(matvec(xt, w.get("wv"), DIM * banks));
                    double[] bRaw = rule == MomMixer.Rule.DELTA ? matvec(xt, w.get("wb"), HEADS * banks) : null;
                    double[] o = new double[DIM];
                    for (int mem = 0; mem < banks; mem++) {
                        double wm = mem == c.memories() ? 1 : weight[mem];
                        for (int hh = 0; hh < HEADS; hh++) {
                            double[] kk = unit(k, mem * DIM + hh * d, d);
                            if (wm > 0) { // this memory is written by token t
                                double beta = bRaw == null ? 0 : 1 / (1 + Math.exp(-bRaw[mem * HEADS + hh]));
                                for (int e = 0; e < d; e++) {
                                    double ks = 0;
                                    for (int a = 0; a < d; a++) {
                                        ks += kk[a] * s[mem][hh][a][e];
                                    }
                                    double vv = v[mem * DIM + hh * d + e];
                                    double u = bRaw == null ? vv : beta * (vv - ks); // M + k^T v, or the delta rule
                                    for (int a = 0; a < d; a++) {
                                        s[mem][hh][a][e] += kk[a] * u;
                                    }
                                }
                            }
                            double[] qq = unit(q, hh * d, d);
                            for (int e = 0; e < d; e++) {
                                for (int a = 0; a < d; a++) {
                                    o[hh * d + e] += wm * qq[a] * s[mem][hh][a][e];
                                }
                            }
                        }
                    }
                    double[] y = new double[DIM];
                    for (int hh = 0; hh < HEADS; hh++) {
                        System.arraycopy(rms(o, hh * d, d), 0, y, hh * d, d);
                    }
                    System.arraycopy(matvec(y, w.get("wo"), DIM), 0, want, t * DIM, DIM);
                }
                assertForms(mixer, x, want);
            }
        }
    }

    /** softmax, keep the k largest (ties: lower index), renormalise. */
    private static double[] topK(double[] logits, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double z = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            z += p[i];
        }
        double[] out = new double[p.length];
        double kept = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] /= z;
        }
        for (int i = 0; i < p.length; i++) {
            int ahead = 0;
            for (int j = 0; j < p.length; j++) {
                if (p[j] > p[i] || (p[j] == p[i] && j < i)) {
                    ahead++;
                }
            }
            if (ahead < k) {
                out[i] = p[i];
                kept += p[i];
            }
        }
        for (int i = 0; i < p.length; i++) {
            out[i] /= kept;
        }
        return out;
    }

    @Test
    void momRoutesEachTokenToItsTopKMemoriesWithRenormalisedWeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(new double[] {3, 1, 2, 0, 1, 1, 1, 1}, new Shape(1, 2, 4));
            double[] g = MomMixer.routing(logits, 2).toDoubleArray();
            double e3 = Math.exp(3);
            double e2 = Math.exp(2);
            // token 0: memories 0 and 2 (scores e^3, e^2), renormalised; token 1: a tie, the two lowest indices
            assertArrayEquals(new double[] {e3 / (e3 + e2), 0, e2 / (e3 + e2), 0, 1, 0.5, 0.5, 0, 0, 1}, g, 1e-12);
        }
    }

    private static void assertForms(TokenMixer mixer, NDArray x, double[] want) {
        for (MixerForm f : MixerForm.values()) {
            double[] got = mixer.mix(x, f).toDoubleArray();
            double err = 0;
            for (int i = 0; i < got.length; i++) {
                err = Math.max(err, Math.abs(got[i] - want[i]));
            }
            assertTrue(err < 1e-9, mixer.id() + " " + f + ": max abs error " + err);
        }
    }

    private static TokenMixer build(NDManager m, String id, MixerConfig c) {
        TokenMixer mixer = MixerRegistry.create(id, c);
        Engine.getInstance().setRandomSeed(5);
        mixer.initialize(m, DataType.FLOAT64, new Shape(1, LEN, DIM));
        return mixer;
    }

    private static NDArray input(NDManager m) {
        Engine.getInstance().setRandomSeed(6);
        return m.randomNormal(0, 1, new Shape(1, LEN, DIM), DataType.FLOAT64);
    }

    private static Map<String, double[]> weights(TokenMixer mixer) {
        Map<String, double[]> w = new HashMap<>();
        for (Pair<String, Parameter> p : mixer.getParameters()) {
            w.put(p.getKey(), p.getValue().getArray().toDoubleArray());
        }
        return w;
    }

    private static double[] row(double[] xs, int t) {
        double[] r = new double[DIM];
        System.arraycopy(xs, t * DIM, r, 0, DIM);
        return r;
    }

    private static double softplus(double z) {
        return Math.log1p(Math.exp(z));
    }

    private static double[] rms(double[] x, int from, int d) {
        double ms = 0;
        for (int i = 0; i < d; i++) {
            ms += x[from + i] * x[from + i] / d;
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            y[i] = x[from + i] / Math.sqrt(ms + 1e-6);
        }
        return y;
    }
}
