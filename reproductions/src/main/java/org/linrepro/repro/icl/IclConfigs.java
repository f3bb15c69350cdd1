package org.linrepro.repro.icl;

import org.linrepro.claim.Config;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.linalg.SmallMatrices;

/** Reads a claim config's task distribution and training settings, failing with one message per bad field. */
final class IclConfigs {
    private IclConfigs() {}

    /**
     * d, n, noise, and optionally {@code inputs} ("gaussian" | "uniform" with {@code halfWidth}),
     * {@code covarianceDiagonal} (a diagonal Σ) or {@code covarianceMatrix} (Σ row-major), {@code prior} ("standard" | "inverseCovariance"), {@code link}
     * ("linear" | "tanh" | "relu").
     */
    static PromptDistribution distribution(Config c) {
        IclExperiments.Task t = IclExperiments.Task.of(c);
        String inputs = c.text("inputs", "gaussian");
        c.check(inputs.equals("gaussian") || inputs.equals("uniform"), "inputs", "must be gaussian or uniform");
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
            c.check(SmallMatrices.isPositiveDefinite(cov), "covarianceMatrix", "must be symmetric positive definite");
        }
        String prior = c.text("prior", "standard");
        c.check(prior.equals("standard") || prior.equals("inverseCovariance"), "prior",
                "must be standard or inverseCovariance");
        String link = c.text("link", "linear");
        c.check(link.equals("linear") || link.equals("tanh") || link.equals("relu"), "link",
                "must be linear, tanh or relu");
        PromptDistribution.Prior p = prior.equals("standard") ? PromptDistribution.Prior.STANDARD
                : PromptDistribution.Prior.INVERSE_COVARIANCE;
        PromptDistribution d;
        if (inputs.equals("uniform")) {
            double a = c.number("halfWidth");
            c.check(a > 0 && !Double.isInfinite(a), "halfWidth", "must be finite and > 0");
            c.check(cov == null && p == PromptDistribution.Prior.STANDARD, "inputs",
                    "uniform inputs take no covariance and the standard prior");
            d = PromptDistribution.uniform(t.d(), t.n(), t.noise(), a);
        } else {
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

    /** steps, batch, lr, initScale (default 0.1) with checks; seed from the run. */
    static LsaTraining.Settings lsaSettings(Config c, PromptDistribution d, long seed) {
        LsaTraining.Settings s = new LsaTraining.Settings(d.d(), d.n(), d.noise(), c.integer("steps"),
                c.integer("batch"), c.number("lr"), c.number("initScale", 0.1), seed);
        c.check(s.steps() >= 1, "steps", "must be ≥ 1");
        c.check(s.batch() >= 1, "batch", "must be ≥ 1");
        c.check(s.lr() > 0, "lr", "must be > 0");
        c.check(s.initScale() > 0, "initScale", "must be > 0");
        return s;
    }
}
