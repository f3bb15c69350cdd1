package org.linrepro.repro.glue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.data.DataRoot;
import org.linrepro.data.glue.GlueData;
import org.linrepro.data.glue.GlueExample;
import org.linrepro.data.glue.GlueTask;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.Role;
import org.linrepro.linalg.Svd;
import org.linrepro.nn.bert.BertConfig;
import org.linrepro.nn.bert.BertEncoder;
import org.linrepro.nn.bert.BertTokenizer;
import org.linrepro.nn.bert.Tokenized;
import org.linrepro.util.LinreproException;

/**
 * What the data-free and the data-driven initialisations look at, on the pretrained MiniLM: PiSSA the singular
 * values of a weight matrix, EVA the principal components of the activations entering it. Both return
 * descending spectra and the top-r directions on the input side (what A is initialised to, up to scaling).
 */
public final class InitAnalysis {
    private InitAnalysis() {}

    /** Descending spectrum and the top-r unit directions (r × in, rows) on a linear's input side. */
    public record Spectrum(double[] values, double[][] directions) {
        /** Fraction of Σ values the first k carry. */
        public double fraction(int k) {
            double all = 0;
            double top = 0;
            for (int i = 0; i < values.length; i++) {
                all += values[i];
                top += i < k ? values[i] : 0;
            }
            return top / all;
        }
    }

    /** PiSSA's view: singular values of W (out × in) of one linear; directions = top-r right singular vectors. */
    public static Spectrum weightSpectrum(int layer, String role, int r) {
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder enc = new BertEncoder(m, BertConfig.miniLmL6(), FineTuning.miniLmWeights())) {
            Dense d = (Dense) enc.linear(checkLayer(layer), role(role));
            Svd svd = Svd.of(d.weight().toType(DataType.FLOAT64, false).toDoubleArray(), d.out(), d.in());
            return new Spectrum(svd.s().clone(), top(svd.v(), r));
        }
    }

    /**
     * EVA's view: PCA of the inputs of {@code layer}'s attention projections (query, key and value share them) over
     * the real tokens of {@code sentences} first sentences of a seeded sample of the task's train split. Values are
     * the variances of the principal components (eigenvalues of the centred covariance); directions the top-r
     * components.
     */
    public static Spectrum activationSpectrum(String task, int layer, int sentences, int r, long seed) {
        GlueTask t = GlueTask.byName(task);
        List<GlueExample> rows = FineTuning.subset(GlueData.load(DataRoot.fromEnvironment(), t,
                GlueData.Split.TRAIN), sentences, new Random(seed));
        BertConfig full = BertConfig.miniLmL6();
        // An encoder with only the first `layer` layers outputs exactly what layer `layer` reads.
        BertConfig head = new BertConfig(full.vocab(), full.hidden(), checkLayer(layer), full.heads(),
                full.intermediate(), full.maxPositions(), full.typeVocab(), full.layerNormEps(), full.positionOffset());
        int d = full.hidden();
        double[] sum = new double[d];
        double[] cov = new double[d * d];
        long n = 0;
        try (NDManager m = NDManager.newBaseManager();
                BertEncoder enc = new BertEncoder(m, head, FineTuning.miniLmWeights());
                BertTokenizer tok = BertTokenizer.miniLm(64)) {
            for (int from = 0; from < rows.size(); from += 32) {
                List<GlueExample> b = rows.subList(from, Math.min(rows.size(), from + 32));
                Tokenized tk = tok.encode(b.stream().map(GlueExample::first).toList(), null);
                try (NDManager sm = m.newSubManager()) {
                    NDArray h = enc.forward(tk.idsArray(sm), tk.typeIdsArray(sm), tk.maskArray(sm));
                    float[] v = h.toFloatArray();
                    for (int i = 0; i < tk.batch(); i++) {
                        for (int j = 0; j < tk.length(); j++) {
                            if (tk.mask()[i][j] == 0) {
                                continue;
                            }
                            int off = (i * tk.length() + j) * d;
                            for (int p = 0; p < d; p++) {
                                sum[p] += v[off + p];
                                for (int q = 0; q < d; q++) {
                                    cov[p * d + q] += (double) v[off + p] * v[off + q];
                                }
                            }
                            n++;
                        }
                    }
                }
            }
        }
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                cov[p * d + q] = cov[p * d + q] / n - sum[p] / n * (sum[q] / n);
            }
        }
        Svd svd = Svd.of(cov, d, d); // symmetric PSD: singular values are the eigenvalues
        return new Spectrum(svd.s().clone(), top(svd.v(), r));
    }

    /** ‖Pᵀ Q‖_F² / r for two sets of r orthonormal rows: 1 = same subspace, r/d = random. */
    public static double subspaceOverlap(double[][] p, double[][] q) {
        double s = 0;
        for (double[] a : p) {
            for (double[] b : q) {
                double dot = 0;
                for (int i = 0; i < a.length; i++) {
                    dot += a[i] * b[i];
                }
                s += dot * dot;
            }
        }
        return s / p.length;
    }

    /**
     * EVA's rank redistribution (PEFT's rule, CATALOGUE PEFT-6b): the budget Σ r over the groups goes to the
     * globally largest explained-variance ratios, each group taking at most round(ρ·r) components.
     */
    public static int[] redistribute(List<double[]> spectra, int r, double rho) {
        int cap = (int) Math.round(rho * r);
        List<double[]> entries = new ArrayList<>(); // {ratio, group}
        for (int g = 0; g < spectra.size(); g++) {
            double[] s = spectra.get(g);
            double all = 0;
            for (double x : s) {
                all += x;
            }
            for (int k = 0; k < Math.min(cap, s.length); k++) {
                entries.add(new double[] {s[k] / all, g});
            }
        }
        entries.sort((a, b) -> Double.compare(b[0], a[0]));
        int[] ranks = new int[spectra.size()];
        for (int i = 0; i < r * spectra.size() && i < entries.size(); i++) {
            ranks[(int) entries.get(i)[1]]++;
        }
        return ranks;
    }

    private static double[][] top(double[][] v, int r) {
        double[][] out = new double[r][v.length];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < v.length; j++) {
                out[k][j] = v[j][k];
            }
        }
        return out;
    }

    private static int checkLayer(int layer) {
        if (layer < 0 || layer >= BertConfig.miniLmL6().layers()) {
            throw new LinreproException("layer must be 0–5 (MiniLM has 6 layers), got " + layer);
        }
        return layer;
    }

    private static Role role(String id) {
        Role r = Role.byId(id);
        if (r == null) {
            throw new LinreproException("unknown role '" + id + "'");
        }
        return r;
    }
}
