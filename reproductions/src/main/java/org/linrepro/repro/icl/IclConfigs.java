package org.linrepro.repro.icl;

import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.text;

import java.util.Map;
import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.theory.SmallMatrices;

/** Reads a claim config's task distribution and training settings, failing with one message per bad field. */
final class IclConfigs {
    private IclConfigs() {}

    /** The task shape every ICL experiment takes. */
    static final ConfigSpec TASK = ConfigSpec.of(
            integer("d", "input dimension"),
            integer("n", "in-context examples per prompt"),
            number("noise", "label-noise variance σ²").unit("variance"));

    /**
     * A prompt distribution: Gaussian inputs (optionally a diagonal or full covariance Σ, and the weight prior) or
     * uniform inputs U(−a, a)<sup>d</sup>, and the response link.
     */
    static final ConfigSpec DISTRIBUTION = TASK.with(
            text("inputs", "law of the input coordinates").byDefault("gaussian"),
            text("link", "response link y = link(⟨w, x⟩) + noise").choices("linear", "tanh", "relu")
                    .byDefault("linear"))
            .variants("inputs", Map.of(
                    "gaussian", ConfigSpec.of(
                            numbers("covarianceDiagonal", "diagonal input covariance Σ (default: identity)")
                                    .optional(),
                            numbers("covarianceMatrix", "full input covariance Σ, row-major d×d").optional(),
                            text("prior", "weight prior: N(0, I) or N(0, Σ⁻¹)")
                                    .choices("standard", "inverseCovariance").byDefault("standard")),
                    "uniform", ConfigSpec.of(
                            number("halfWidth", "a in x ~ U(−a, a)^d"))));

    /** Training of a linear self-attention layer. */
    static final ConfigSpec LSA_TRAINING = ConfigSpec.of(
            integer("steps", "Adam steps"),
            integer("batch", "prompts per step"),
            number("lr", "Adam learning rate"),
            number("initScale", "standard deviation of the initial weights").byDefault(0.1));

    static PromptDistribution distribution(Config c) {
        IclExperiments.Task t = IclExperiments.Task.of(c);
        String inputs = c.text("inputs");
        String link = c.text("link");
        PromptDistribution d;
        if (inputs.equals("uniform")) {
            double a = c.number("halfWidth");
            c.check(a > 0 && !Double.isInfinite(a), "halfWidth", "must be finite and > 0");
            d = PromptDistribution.uniform(t.d(), t.n(), t.noise(), a);
        } else {
            double[][] cov = null;
            if (c.has("covarianceDiagonal")) {
                double[] diag = c.numbers("covarianceDiagonal");
                c.check(diag.length == t.d(), "covarianceDiagonal", "must have d = " + t.d() + " entries");
                for (double v : diag) {
                    c.check(v > 0 && !Double.isInfinite(v), "covarianceDiagonal", "entries must be finite and > 0");
                }
                cov = SmallMatrices.diagonal(diag);
            }
            if (c.has("covarianceMatrix")) {
                c.check(cov == null, "covarianceMatrix", "cannot be combined with covarianceDiagonal");
                double[] flat = c.numbers("covarianceMatrix");
                c.check(flat.length == t.d() * t.d(), "covarianceMatrix", "must list d² = " + t.d() * t.d()
                        + " numbers (row-major)");
                cov = new double[t.d()][t.d()];
                for (int i = 0; i < t.d(); i++) {
                    System.arraycopy(flat, i * t.d(), cov[i], 0, t.d());
                }
                c.check(SmallMatrices.isPositiveDefinite(cov), "covarianceMatrix",
                        "must be symmetric positive definite");
            }
            PromptDistribution.Prior p = c.text("prior").equals("standard") ? PromptDistribution.Prior.STANDARD
                    : PromptDistribution.Prior.INVERSE_COVARIANCE;
            d = PromptDistribution.gaussian(t.d(), t.n(), t.noise(), cov, p);
        }
        return d.withLink(PromptDistribution.Link.parse(link));
    }

    /** A stable text key for caches (records with arrays do not compare by content). */
    static String key(PromptDistribution d) {
        StringBuilder b = new StringBuilder().append(d.d()).append('/').append(d.n()).append('/').append(d.noise())
                .append('/').append(d.inputs()).append('/').append(d.halfWidth()).append('/').append(d.prior())
                .append('/').append(d.link());
        if (d.covariance() != null) {
            b.append('/').append(java.util.Arrays.deepToString(d.covariance()));
        }
        return b.toString();
    }

    /** {@link #LSA_TRAINING} with checks; seed from the run. */
    static LsaTraining.Settings lsaSettings(Config c, PromptDistribution d, long seed) {
        LsaTraining.Settings s = new LsaTraining.Settings(d.d(), d.n(), d.noise(), c.integer("steps"),
                c.integer("batch"), c.number("lr"), c.number("initScale"), seed);
        c.check(s.steps() >= 1, "steps", "must be ≥ 1");
        c.check(s.batch() >= 1, "batch", "must be ≥ 1");
        c.check(s.lr() > 0, "lr", "must be > 0");
        c.check(s.initScale() > 0, "initScale", "must be > 0");
        return s;
    }
}
