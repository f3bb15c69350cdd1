package org.linrepro.repro.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.linrepro.claim.FigureData;
import org.linrepro.run.Progress;
import org.linrepro.claim.FigureRenderer;
import org.linrepro.nn.adapters.AdapterMethod;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Architectures;
import org.linrepro.nn.adapters.ParameterSpec;
import org.linrepro.repro.glue.FineTuneRuns;
import org.linrepro.repro.glue.InitAnalysis;
import org.linrepro.util.LinreproException;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The calls of the GLUE/adapters notebook: trainable counts and shapes of every adapter method on a real
 * architecture, what PiSSA and EVA initialise from (weight spectrum vs activation spectrum of pretrained MiniLM),
 * and short fine-tuning runs with their loss curves. Claims themselves run through {@link Claims}.
 */
public final class GlueNotebook {
    private GlueNotebook() {}

    /** Options a method accepts for the table: rank r for the low-rank family, defaults otherwise. */
    private static List<ParameterSpec> specs(AdapterMethod m, Architecture a, int rank) {
        try {
            return m.trainable(a, AdapterOptions.rank(rank));
        } catch (LinreproException e) {
            return m.trainable(a, AdapterOptions.defaults());
        }
    }

    /** One row per method on {@code model}: trainable parameters (head excluded), % of the backbone, what it trains. */
    public static Table counts(String model, int rank) {
        Architecture a = Architectures.byId(model);
        long backbone = Architecture.total(a.backbone());
        StringColumn id = StringColumn.create("method");
        LongColumn n = LongColumn.create("trainable");
        DoubleColumn pct = DoubleColumn.create("% of backbone");
        StringColumn what = StringColumn.create("what it trains");
        for (AdapterMethod m : AdapterMethods.all().values()) {
            long c = Architecture.total(specs(m, a, rank));
            id.append(m.id());
            n.append(c);
            pct.append(Math.round(1e6 * c / (double) backbone) / 1e4);
            what.append(m.summary());
        }
        return Table.create(model + ": trainable parameters at r = " + rank + " (backbone " + backbone + ")", id, n,
                pct, what);
    }

    /** The trainable tensors one method adds in the first layer (name, shape, count), and the model total. */
    public static Table shapes(String model, String method, int rank) {
        Architecture a = Architectures.byId(model);
        List<ParameterSpec> all = specs(AdapterMethods.byId(method), a, rank);
        StringColumn name = StringColumn.create("tensor");
        StringColumn shape = StringColumn.create("shape");
        LongColumn count = LongColumn.create("parameters");
        for (ParameterSpec p : all) {
            if (p.name().matches(".*(^|\\.)0\\..*") || !p.name().matches(".*\\d+\\..*")) {
                name.append(p.name());
                shape.append(java.util.Arrays.toString(p.shape()));
                count.append(p.count());
            }
        }
        name.append("all " + all.size() + " tensors");
        shape.append("");
        count.append(Architecture.total(all));
        return Table.create(method + " on " + model + " (layer 0 and the total)", name, shape, count);
    }

    /**
     * PiSSA vs EVA on one MiniLM layer: the top {@code show} values of the query weight's singular spectrum (what
     * PiSSA keeps in B·A) and of the input activations' PCA (what EVA initialises A from), as fractions of their
     * sums, with the overlap of the two rank-r input subspaces.
     */
    public static Table initSpectra(int layer, int rank, int sentences, int show) {
        InitAnalysis.Spectrum w = InitAnalysis.weightSpectrum(layer, "query", rank);
        InitAnalysis.Spectrum x = InitAnalysis.activationSpectrum("SST-2", layer, sentences, rank, 0);
        IntColumn k = IntColumn.create("k");
        DoubleColumn sw = DoubleColumn.create("W_q singular value");
        DoubleColumn cw = DoubleColumn.create("PiSSA: cum. share of ‖W‖²");
        DoubleColumn vx = DoubleColumn.create("EVA: explained variance ratio");
        DoubleColumn cx = DoubleColumn.create("EVA: cumulative");
        double[] energy = new double[w.values().length];
        for (int i = 0; i < energy.length; i++) {
            energy[i] = w.values()[i] * w.values()[i];
        }
        InitAnalysis.Spectrum we = new InitAnalysis.Spectrum(energy, w.directions());
        double sx = 0;
        for (double v : x.values()) {
            sx += v;
        }
        for (int i = 0; i < show; i++) {
            k.append(i + 1);
            sw.append(round(w.values()[i]));
            cw.append(round(we.fraction(i + 1)));
            vx.append(round(x.values()[i] / sx));
            cx.append(round(x.fraction(i + 1)));
        }
        double overlap = InitAnalysis.subspaceOverlap(w.directions(), x.directions());
        return Table.create(String.format(java.util.Locale.ROOT, "layer %d: rank-%d input subspaces of PiSSA and EVA "
                + "overlap %.3f (1 = same, %.3f = random)", layer, rank, overlap, rank / 384.0), k, sw, cw, vx, cx);
    }

    /** EVA's rank redistribution over MiniLM's 6 layers (q, v share their input, so one rank per layer). */
    public static Table evaRanks(int rank, double rho, int sentences) {
        List<double[]> spectra = new ArrayList<>();
        for (int l = 0; l < 6; l++) {
            spectra.add(InitAnalysis.activationSpectrum("SST-2", l, sentences, 1, 0).values());
        }
        int[] r = InitAnalysis.redistribute(spectra, rank, rho);
        IntColumn layer = IntColumn.create("layer");
        IntColumn ranks = IntColumn.create("EVA rank");
        DoubleColumn top = DoubleColumn.create("top-" + rank + " explained variance");
        for (int l = 0; l < 6; l++) {
            layer.append(l);
            ranks.append(r[l]);
            double[] s = spectra.get(l);
            top.append(round(new InitAnalysis.Spectrum(s, new double[0][]).fraction(rank)));
        }
        return Table.create("EVA ranks, budget 6·" + rank + ", cap round(" + rho + "·" + rank + ")", layer, ranks,
                top);
    }

    /** Short runs of several methods on SST-2 with one seed: loss curves and dev scores. */
    public static FineTuneRuns.Outcome fineTune(int steps, int evalSize, String... methods) {
        List<FineTuneRuns.Arm> arms = new ArrayList<>();
        for (String m : methods) {
            arms.add(switch (m) {
                case "lora", "pissa" -> new FineTuneRuns.Arm(m, 5e-4, 8);
                case "full" -> new FineTuneRuns.Arm(m, 5e-5, 0);
                case "linear-probe" -> new FineTuneRuns.Arm(m, 5e-4, 0);
                default -> throw new LinreproException("fineTune: method '" + m + "' is not trainable here "
                        + "(lora, pissa, full, linear-probe)");
            });
        }
        CellProgress progress = CellProgress.start("fine-tuning " + arms.size() + " method(s) …");
        FineTuneRuns.Outcome o = FineTuneRuns.run("SST-2", steps, 8, evalSize, 1, arms, new Progress() {
            private int arm;

            @Override
            public void update(String phase, long step, long total, Map<String, Double> metrics) {
                if (step <= 1 && arm < arms.size()) { // a new arm starts
                    progress.item(++arm, arms.size(), arms.get(arm - 1).method());
                }
                progress.update(phase, step, total, metrics);
            }
        });
        progress.finish("fine-tuned " + arms.size() + " method(s) for " + steps + " steps");
        return o;
    }

    /** Dev scores and trainable counts of a run, one row per method. */
    public static Table scores(FineTuneRuns.Outcome o) {
        StringColumn m = StringColumn.create("method");
        LongColumn n = LongColumn.create("trainable (backbone)");
        DoubleColumn acc = DoubleColumn.create("dev accuracy");
        for (Map.Entry<String, Map<String, Double>> e : o.dev().entrySet()) {
            m.append(e.getKey());
            n.append(o.trainableBackbone().get(e.getKey()));
            acc.append(round(e.getValue().getOrDefault("accuracy", Double.NaN)));
        }
        return Table.create("SST-2 dev after the short run", m, n, acc);
    }

    public static XYChart chart(FigureData f) {
        return FigureRenderer.chart(f);
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
