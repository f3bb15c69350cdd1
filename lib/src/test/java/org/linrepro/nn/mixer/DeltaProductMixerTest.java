package org.linrepro.nn.mixer;

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
 * DeltaProduct against a plain Java loop of the paper's recurrence (2502.10297; n_h Householder
 * sub-steps per token, each writing β k v^T), written from the equations with the mixer's weights
 * read back, so the sub-step interleaving of the mixer is checked, not assumed.
 */
class DeltaProductMixerTest {

    @Test
    void matchesTheSubStepRecurrenceWrittenOut() {
        int dim = 6;
        int heads = 2;
        int n = 3;
        int len = 5;
        for (boolean neg : new boolean[] {false, true}) {
            try (NDManager m = NDManager.newBaseManager()) {
                DeltaProductMixer.Config c = DeltaProductMixer.Config.defaults(dim, heads, true)
                        .withHouseholders(n).withNegativeEigenvalues(neg);
                TokenMixer mixer = MixerRegistry.create("deltaproduct", c);
                Engine.getInstance().setRandomSeed(5);
                mixer.initialize(m, DataType.FLOAT64, new Shape(1, len, dim));
                NDArray x = m.randomNormal(0, 1, new Shape(1, len, dim), DataType.FLOAT64);
                Map<String, double[]> w = new HashMap<>();
                for (Pair<String, Parameter> p : mixer.getParameters()) {
                    w.put(p.getKey(), p.getValue().getArray().toDoubleArray());
                }
                double[] want = reference(x.toDoubleArray(), w, dim, heads, n, len, neg);
                for (MixerForm f : MixerForm.values()) {
                    double[] got = mixer.mix(x, f).toDoubleArray();
                    double err = 0;
                    for (int i = 0; i < got.length; i++) {
                        err = Math.max(err, Math.abs(got[i] - want[i]));
                    }
                    // fp64 throughout; 1e-9 leaves room for the different summation orders of the forms
                    assertTrue(err < 1e-9, f + " neg=" + neg + ": max abs error " + err);
                }
            }
        }
    }

    private static double[] reference(double[] x, Map<String, double[]> w, int dim, int heads, int n, int len, boolean neg) {
        int d = dim / heads;
        double[] out = new double[len * dim];
        double[][][] s = new double[heads][d][d]; // S[h][key][value], row convention o = q S
        double[] merged = new double[dim];
        for (int t = 0; t < len; t++) {
            double[] xt = new double[dim];
            System.arraycopy(x, t * dim, xt, 0, dim);
            double[] q = silu(matvec(xt, w.get("wq"), dim));
            double[] k = silu(matvec(xt, w.get("wk"), dim * n));
            double[] v = silu(matvec(xt, w.get("wv"), dim * n));
            double[] bl = matvec(xt, w.get("wb"), heads * n);
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < n; j++) {
                    double[] kk = unit(k, j * dim + h * d, d);
                    double beta = (neg ? 2 : 1) / (1 + Math.exp(-bl[j * heads + h]));
                    double[] vv = new double[d];
                    System.arraycopy(v, j * dim + h * d, vv, 0, d);
                    for (int e = 0; e < d; e++) { // S += β k (v − k S)
                        double ks = 0;
                        for (int a = 0; a < d; a++) {
                            ks += kk[a] * s[h][a][e];
                        }
                        double u = beta * (vv[e] - ks);
                        for (int a = 0; a < d; a++) {
                            s[h][a][e] += kk[a] * u;
                        }
                    }
                }
                double[] qq = unit(q, h * d, d);
                double[] o = new double[d];
                double ms = 0;
                for (int e = 0; e < d; e++) {
                    for (int a = 0; a < d; a++) {
                        o[e] += qq[a] * s[h][a][e];
                    }
                    ms += o[e] * o[e] / d;
                }
                for (int e = 0; e < d; e++) {
                    merged[h * d + e] = o[e] / Math.sqrt(ms + 1e-6);
                }
            }
            double[] y = matvec(merged, w.get("wo"), dim);
            System.arraycopy(y, 0, out, t * dim, dim);
        }
        return out;
    }
}
