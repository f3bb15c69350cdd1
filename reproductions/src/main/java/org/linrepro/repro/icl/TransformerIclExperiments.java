package org.linrepro.repro.icl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.Numbers;
import org.linrepro.claim.RunContext;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.data.icl.RegressionPrompts;
import org.linrepro.nn.icl.IclTransformer;
import org.linrepro.nn.icl.ReferencePredictors;
import org.linrepro.util.LinreproException;

/**
 * A small transformer trained on in-context linear regression, compared with reference algorithms: Garg et al.
 * (arXiv 2208.01066, Fig. 2: error against the number of in-context examples, vs least squares, averaging, 3-NN)
 * and Akyürek et al. (arXiv 2211.15661, §4: squared prediction difference SPD to OLS, ridge, one GD step, 3-NN;
 * with noise the closest ridge is the Bayes one, λ = σ²). Both papers' claims read the same trained model when
 * their configs agree (cache below).
 */
final class TransformerIclExperiments {
    private TransformerIclExperiments() {}

    static final ConfigSpec SPEC = IclConfigs.TASK.with(
            integer("layers", "transformer layers (1 … 64)"),
            integer("width", "model width (1 … 4096)"),
            integer("heads", "attention heads (divides width)"),
            text("encoding", "prompt encoding: x and y tokens alternating, or (x, y) pairs")
                    .choices("alternating", "paired").byDefault("alternating"),
            integer("steps", "Adam steps"),
            integer("batch", "prompts per step"),
            number("lr", "Adam learning rate"),
            integer("evalTasks", "evaluation prompts (100 … 100000)").byDefault(4000),
            numbers("ridgeLambdas", "extra ridge references λ > 0 (least squares is always one)").byDefault(
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()),
            number("compareNoise", "noise of a second, otherwise identical model (bestRidgeLambdaIncrease)")
                    .optional(),
            text("measure", "errorFromD, errorBelow:A,B, leastSquaresLead, spd:NAME, ridgeLead:NAME, "
                    + "bestRidgeLambda or bestRidgeLambdaIncrease"));

    /** Per context size k: the transformer's error/d, each reference's error/d and SPD(transformer, reference)/d. */
    record Curves(int d, int n, double noise, double[] transformerError, Map<String, double[]> referenceError,
            Map<String, double[]> spd, int evalTasks, double seconds, double cpuSeconds, long parameters,
            ReferencePredictors.Host prompts, double[][] transformerPredictions) {}

    private static final Map<String, Curves> TRAINED = new ConcurrentHashMap<>();

    static Measurement run(RunContext ctx) {
        Config c = ctx.config();
        IclExperiments.Task t = IclExperiments.Task.of(c);
        IclTransformer.Spec spec = spec(c, t);
        TransformerTraining.Settings s = new TransformerTraining.Settings(spec, t.noise(), c.integer("steps"),
                c.integer("batch"), c.number("lr"), ctx.seed());
        c.check(s.steps() >= 1, "steps", "must be ≥ 1");
        c.check(s.batch() >= 1, "batch", "must be ≥ 1");
        c.check(s.lr() > 0, "lr", "must be > 0");
        double[] lambdas = c.numbers("ridgeLambdas");
        for (double l : lambdas) {
            c.check(l > 0, "ridgeLambdas", "entries must be > 0 (λ = 0 is least squares, always included)");
        }
        int evalTasks = c.integer("evalTasks");
        c.check(evalTasks >= 100 && evalTasks <= 100_000, "evalTasks", "must be between 100 and 100000");
        Curves r = curves(ctx, s, lambdas, evalTasks);
        Curves partner = null;
        if (c.has("compareNoise")) {
            double other = c.number("compareNoise");
            c.check(other >= 0 && other != t.noise(), "compareNoise", "must be a noise variance ≥ 0 other than noise");
            partner = curves(ctx, new TransformerTraining.Settings(spec, other, s.steps(), s.batch(), s.lr(),
                    s.seed()), lambdas, evalTasks);
        }
        return measure(ctx, c, r, partner);
    }

    /** The trained model's comparison for these settings, trained once per JVM and shared by claims. */
    private static Curves curves(RunContext ctx, TransformerTraining.Settings s, double[] lambdas, int evalTasks) {
        String key = s + "/" + java.util.Arrays.toString(lambdas) + "/" + evalTasks + "/" + ctx.device();
        return TRAINED.computeIfAbsent(key, k -> trainAndCompare(ctx, s, lambdas, evalTasks));
    }

    private static IclTransformer.Spec spec(Config c, IclExperiments.Task t) {
        int layers = c.integer("layers");
        int width = c.integer("width");
        int heads = c.integer("heads");
        String enc = c.text("encoding");
        c.check(layers >= 1 && layers <= 64, "layers", "must be between 1 and 64");
        c.check(width >= 1 && width <= 4096, "width", "must be between 1 and 4096");
        c.check(heads >= 1 && width % heads == 0, "heads", "must divide width");
        return new IclTransformer.Spec(t.d(), t.n(), layers, width, heads,
                enc.equals("paired") ? IclTransformer.Encoding.PAIRED : IclTransformer.Encoding.ALTERNATING);
    }

    /**
     * {@code measure}:
     * <ul>
     *   <li>errorFromD: mean transformer error/d over k = d … n−1 (Garg: near zero once n ≥ d);</li>
     *   <li>leastSquaresLead: min over the other references of SPD/d, minus SPD(transformer, least squares)/d, each
     *       averaged over k = 1 … n−1 (positive: closest to least squares);</li>
     *   <li>spd:NAME: SPD(transformer, NAME)/d averaged over k = 1 … n−1;</li>
     *   <li>ridgeLead:NAME: min over the other ridge/least-squares references of mean SPD/d, minus that of NAME
     *       (positive: NAME is the closest of the ridge family, Akyürek et al. Fig. 2's diagonal minimum);</li>
     *   <li>errorBelow:A,B: min over k = 1 … n−1 and the named references of their error/d minus the
     *       transformer's (positive: the transformer's curve lies below theirs at every k, Garg et al. Fig. 2);</li>
     *   <li>bestRidgeLambda: the ridge λ ≥ 0 whose predictions are closest to the transformer's (mean SPD over
     *       k = 1 … n−1; golden-section search on log λ in [10⁻³, 10], λ = 0 being least squares); reference σ²;</li>
     *   <li>bestRidgeLambdaIncrease: bestRidgeLambda of this model minus that of the model trained with noise
     *       {@code compareNoise} (otherwise identical).</li>
     * </ul>
     */
    private static Measurement measure(RunContext ctx, Config c, Curves r, Curves partner) {
        String m = c.text("measure");
        double v;
        if (m.equals("bestRidgeLambda")) {
            v = RidgeFit.bestLambda(r);
        } else if (m.equals("bestRidgeLambdaIncrease")) {
            c.check(partner != null, "compareNoise", "is needed for bestRidgeLambdaIncrease");
            v = RidgeFit.bestLambda(r) - RidgeFit.bestLambda(partner);
        } else if (m.startsWith("errorBelow:")) {
            v = Double.POSITIVE_INFINITY;
            for (String name : m.substring(11).split(",")) {
                double[] other = r.referenceError.get(reference(ctx, r, name.trim()));
                for (int k = 1; k < r.n; k++) {
                    v = Math.min(v, other[k] - r.transformerError[k]);
                }
            }
        } else if (m.equals("errorFromD")) {
            c.check(r.n > r.d, "n", "must exceed d for errorFromD");
            v = mean(r.transformerError, r.d, r.n);
        } else if (m.equals("leastSquaresLead")) {
            double best = Double.POSITIVE_INFINITY;
            for (String name : r.spd.keySet()) {
                if (!name.equals("least squares") && !name.startsWith("ridge")) {
                    best = Math.min(best, meanSpd(r, name));
                }
            }
            v = best - meanSpd(r, "least squares");
        } else if (m.startsWith("spd:")) {
            v = meanSpd(r, reference(ctx, r, m.substring(4)));
        } else if (m.startsWith("ridgeLead:")) {
            String name = reference(ctx, r, m.substring(10));
            double best = Double.POSITIVE_INFINITY;
            for (String other : r.spd.keySet()) {
                if (!other.equals(name) && (other.equals("least squares") || other.startsWith("ridge"))) {
                    best = Math.min(best, meanSpd(r, other));
                }
            }
            v = best - meanSpd(r, name);
        } else {
            throw new LinreproException(ctx.claim().id() + ": config field 'measure' must be errorFromD, "
                    + "errorBelow:A,B, leastSquaresLead, spd:NAME, ridgeLead:NAME, bestRidgeLambda or "
                    + "bestRidgeLambdaIncrease, got '" + m + "'");
        }
        Measurement.Builder b = Measurement.of(v);
        b.detail("bestRidgeLambda", RidgeFit.bestLambda(r));
        if (partner != null) {
            b.detail("bestRidgeLambda partner σ²=" + Numbers.format(partner.noise), RidgeFit.bestLambda(partner));
        }
        r.spd.forEach((name, curve) -> b.detail("meanSpd " + name, mean(curve, 1, r.n)));
        b.detail("transformerErrorFromD", r.n > r.d ? mean(r.transformerError, r.d, r.n) : Double.NaN);
        r.referenceError.forEach((name, curve) -> {
            if (r.n > r.d) {
                b.detail("errorFromD " + name, mean(curve, r.d, r.n));
            }
        });
        return b.detail("parameters", r.parameters).detail("evalTasks", r.evalTasks).detail("trainSeconds", r.seconds)
                .detail("trainCpuSeconds", r.cpuSeconds).figure(errorFigure(r, ctx.seed())).figure(spdFigure(r, ctx.seed())).seed(ctx.seed()).build();
    }

    private static String reference(RunContext ctx, Curves r, String name) {
        if (!r.spd.containsKey(name)) {
            throw new LinreproException(ctx.claim().id() + ": no reference '" + name + "'; known: "
                    + String.join(", ", r.spd.keySet()));
        }
        return name;
    }

    private static double meanSpd(Curves r, String name) {
        return mean(r.spd.get(name), 1, r.n);
    }

    private static double mean(double[] xs, int from, int to) {
        double s = 0;
        for (int k = from; k < to; k++) {
            s += xs[k];
        }
        return s / (to - from);
    }

    /** Reference algorithms by display name: least squares, ridge(λ) for each λ, one GD step, averaging, 3-NN. */
    static Map<String, ReferencePredictors.Algorithm> references(double noise, double[] lambdas) {
        Map<String, ReferencePredictors.Algorithm> refs = new LinkedHashMap<>();
        refs.put("least squares", ReferencePredictors.leastSquares());
        for (double l : lambdas) {
            refs.put("ridge λ=" + Numbers.format(l), ReferencePredictors.ridge(l));
        }
        refs.put("one GD step", ReferencePredictors.oneStepGd(noise));
        refs.put("averaging", ReferencePredictors.averaging());
        refs.put("3-NN", ReferencePredictors.nearestNeighbours(3));
        return refs;
    }

    private static Curves trainAndCompare(RunContext ctx, TransformerTraining.Settings s, double[] lambdas,
            int evalTasks) {
        int d = s.spec().d();
        int n = s.spec().maxExamples();
        long t0 = System.nanoTime();
        double c0 = CpuClock.seconds();
        try (NDManager m = NDManager.newBaseManager(ctx.device());
                IclTransformer model = TransformerTraining.train(m, s, ctx.progress())) {
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = CpuClock.seconds() - c0;
            Engine.getInstance().setRandomSeed((int) ctx.derivedSeed("eval"));
            PromptDistribution dist = PromptDistribution.isotropic(d, n, s.noise());
            Map<String, ReferencePredictors.Algorithm> refs = references(s.noise(), lambdas);
            double[] tfErr = new double[n];
            Map<String, double[]> refErr = new LinkedHashMap<>();
            Map<String, double[]> spd = new LinkedHashMap<>();
            refs.keySet().forEach(k -> {
                refErr.put(k, new double[n]);
                spd.put(k, new double[n]);
            });
            double[][] allPred = new double[evalTasks][];
            ReferencePredictors.Host[] hosts = new ReferencePredictors.Host[(evalTasks + 999) / 1000];
            int chunk = 1000;
            for (int done = 0; done < evalTasks; done += chunk) {
                int b = Math.min(chunk, evalTasks - done);
                try (NDManager sm = m.newSubManager()) {
                    RegressionPrompts p = RegressionPrompts.sample(sm, b, dist, DataType.FLOAT32);
                    double[] pred = model.predictAll(p).toType(DataType.FLOAT64, false).toDoubleArray();
                    ReferencePredictors.Host h = ReferencePredictors.Host.of(p);
                    hosts[done / chunk] = h;
                    for (int i = 0; i < b; i++) {
                        allPred[done + i] = java.util.Arrays.copyOfRange(pred, i * n, (i + 1) * n);
                        for (int k = 0; k < n; k++) {
                            double e = pred[i * n + k] - h.y()[i][k];
                            tfErr[k] += e * e;
                        }
                    }
                    for (Map.Entry<String, ReferencePredictors.Algorithm> e : refs.entrySet()) {
                        double[][] rp = ReferencePredictors.predictAllPrefixes(e.getValue(), h);
                        double[] err = refErr.get(e.getKey());
                        double[] diff = spd.get(e.getKey());
                        for (int i = 0; i < b; i++) {
                            for (int k = 0; k < n; k++) {
                                double a = rp[i][k] - h.y()[i][k];
                                double q = pred[i * n + k] - rp[i][k];
                                err[k] += a * a;
                                diff[k] += q * q;
                            }
                        }
                    }
                }
                ctx.progress().update("compare with references", Math.min(done + chunk, evalTasks), evalTasks,
                        Map.of());
            }
            double norm = (double) evalTasks * d; // errors and SPD per dimension, as both papers plot them
            scale(tfErr, norm);
            refErr.values().forEach(a -> scale(a, norm));
            spd.values().forEach(a -> scale(a, norm));
            return new Curves(d, n, s.noise(), tfErr, refErr, spd, evalTasks, secs, cpu, model.parameterCount(),
                    ReferencePredictors.Host.concat(hosts), allPred);
        }
    }

    private static void scale(double[] a, double by) {
        for (int i = 0; i < a.length; i++) {
            a[i] /= by;
        }
    }

    private static double[] ks(int n) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = k;
        }
        return x;
    }

    private static String tag(Curves r, long seed) {
        return String.format(Locale.ROOT, "d%d-n%d-s%s-seed%d", r.d, r.n, Numbers.format(r.noise), seed);
    }

    private static FigureData errorFigure(Curves r, long seed) {
        FigureData.Builder b = FigureData.builder("icl-transformer-error-" + tag(r, seed),
                "Error vs in-context examples (d=" + r.d + ", σ²=" + Numbers.format(r.noise) + ")")
                .axes("number of in-context examples k", "squared error / d");
        b.series("transformer", ks(r.n), r.transformerError, FigureData.Style.LINE_MARKERS);
        r.referenceError.forEach((name, curve) -> {
            if (!name.startsWith("ridge")) {
                b.series(name, ks(r.n), curve, FigureData.Style.LINE);
            }
        });
        return b.build();
    }

    private static FigureData spdFigure(Curves r, long seed) {
        FigureData.Builder b = FigureData.builder("icl-transformer-spd-" + tag(r, seed),
                "SPD(transformer, reference)/d (d=" + r.d + ", σ²=" + Numbers.format(r.noise) + ")")
                .axes("number of in-context examples k", "SPD / d (log scale)").logY();
        double[] x = new double[r.n - 1];
        for (int k = 1; k < r.n; k++) {
            x[k - 1] = k;
        }
        r.spd.forEach((name, curve) -> b.series(name, x, java.util.Arrays.stream(curve, 1, r.n)
                .map(v -> Math.max(v, 1e-12)).toArray(), FigureData.Style.LINE));
        return b.build();
    }
}
