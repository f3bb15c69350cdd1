package org.linrepro.repro.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.claim.Config;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.tracking.TrackingTask;

/**
 * The state-tracking line: Grazzi et al., "Unlocking State-Tracking in Linear RNNs Through Negative Eigenvalues"
 * (2411.12537) and Siems et al., "DeltaProduct" (2502.10297). Small linear-RNN classifiers are trained on parity,
 * modular arithmetic and group word problems at short lengths and tested at longer ones ({@link TrackingTraining}).
 *
 * <p>Experiments: {@code tracking.train} (median scaled accuracy of one variant over {@code seeds}) and
 * {@code tracking.compare} (median of the first of {@code variants} minus median of the second, same seeds); the
 * accuracy is taken at the test lengths, or at the training lengths with {@code measure: train-lengths}.
 */
public final class TrackingExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "tracking";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/tracking/2411.12537.json", "claims/tracking/2502.10297.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("tracking.train", Experiment.of(TrackingSpecs.TRAIN, TrackingExperiments::train));
        m.put("tracking.compare", Experiment.of(TrackingSpecs.COMPARE, TrackingExperiments::compare));
        return m;
    }

    /** Median (over seeds) scaled test accuracy of the variant the config names. */
    static Measurement train(RunContext ctx) {
        Variant v = Variant.of(ctx.config());
        List<TrackingTraining.Run> runs = runs(ctx, v);
        Measurement.Builder b = Measurement.of(medianScaled(runs, measure(ctx)));
        describe(b, runs);
        b.figure(curves(ctx, List.of(runs)));
        seeds(ctx).forEach(b::seed);
        return b.build();
    }

    /** Median scaled test accuracy of {@code variants[0]} minus that of {@code variants[1]}, over the same seeds. */
    static Measurement compare(RunContext ctx) {
        List<Config> vs = ctx.config().objects("variants");
        ctx.config().check(vs.size() == 2, "variants", "must hold two variants (the one expected better first)");
        Variant a = Variant.of(vs.get(0));
        Variant b = Variant.of(vs.get(1));
        List<TrackingTraining.Run> ra = runs(ctx, a);
        List<TrackingTraining.Run> rb = runs(ctx, b);
        String where = measure(ctx);
        Measurement.Builder m = Measurement.of(medianScaled(ra, where) - medianScaled(rb, where));
        m.detail(a.label() + " median scaled", medianScaled(ra, where))
                .detail(b.label() + " median scaled", medianScaled(rb, where));
        describe(m, ra);
        describe(m, rb);
        m.figure(curves(ctx, List.of(ra, rb)));
        seeds(ctx).forEach(m::seed);
        return m.build();
    }

    private static List<TrackingTraining.Run> runs(RunContext ctx, Variant v) {
        List<TrackingTraining.Run> out = new ArrayList<>();
        for (long s : seeds(ctx)) {
            out.add(TrackingTraining.run(ctx, v, s));
        }
        return out;
    }

    /**
     * {@code seeds} of the config, else the run's seed. A run under another master seed than the claim's own
     * ({@code reproduce --seed N}) shifts every configured seed by the same offset, so the verdict's recorded seed
     * says which runs were made; with the claim's own seed the configured seeds run unchanged.
     */
    static List<Long> seeds(RunContext ctx) {
        Config c = ctx.config();
        if (!c.has("seeds")) {
            return List.of(ctx.seed());
        }
        double[] s = c.numbers("seeds");
        c.check(s.length > 0, "seeds", "must not be empty");
        long shift = ctx.claim() == null ? 0 : ctx.seed() - ctx.claim().seed();
        List<Long> out = new ArrayList<>();
        for (double x : s) {
            c.check(x == Math.rint(x), "seeds", "must be integers");
            out.add((long) x + shift);
        }
        return out;
    }

    private static String measure(RunContext ctx) {
        return ctx.config().text("measure");
    }

    private static double medianScaled(List<TrackingTraining.Run> runs, String measure) {
        return TrackingTraining.median(runs.stream().mapToDouble(r -> r.scaled(measure)).toArray());
    }

    private static void describe(Measurement.Builder b, List<TrackingTraining.Run> runs) {
        for (TrackingTraining.Run r : runs) {
            String p = r.variant().label() + " s" + r.seed() + " ";
            b.detail(p + "test scaled", r.testScaled()).detail(p + "test accuracy", r.testAccuracy())
                    .detail(p + "train-length scaled", r.trainLengthScaled()).detail(p + "best step", r.bestStep())
                    .detail(p + "seconds", r.seconds());
        }
        b.detail(runs.get(0).variant().label() + " parameters", runs.get(0).parameters());
    }

    private static FigureData curves(RunContext ctx, List<List<TrackingTraining.Run>> groups) {
        Config c = ctx.config();
        TrackingTask task = TrackingTask.of(c.text("task"));
        FigureData.Builder f = FigureData.builder(ctx.claim().id() + "-curves", task.name() + ": scaled accuracy at "
                + "lengths " + c.integer("testMin") + "-" + c.integer("testMax") + " (validation) during training")
                .axes("step", "scaled accuracy (acc - r)/(1 - r)");
        for (List<TrackingTraining.Run> g : groups) {
            for (TrackingTraining.Run r : g) {
                f.series(r.variant().label() + " s" + r.seed(), r.steps(), r.validCurve(), FigureData.Style.LINE);
            }
        }
        return f.build();
    }
}
