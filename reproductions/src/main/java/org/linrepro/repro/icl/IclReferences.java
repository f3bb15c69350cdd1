package org.linrepro.repro.icl;

import static org.linrepro.claim.ConfigKey.number;

import java.util.LinkedHashMap;
import java.util.Map;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.ReferenceFunction;
import org.linrepro.data.icl.PromptDistribution;
import org.linrepro.theory.IclTheory;
import org.linrepro.theory.PreconditionedOneStepGd;
import org.linrepro.theory.SmallMatrices;

/**
 * The closed forms ICL claims are checked against, by name: a claim's {@code reported.reference} names one and
 * its arguments, and the runner evaluates it apart from the experiment.
 */
final class IclReferences {
    private IclReferences() {}

    static Map<String, ReferenceFunction> all() {
        Map<String, ReferenceFunction> m = new LinkedHashMap<>();
        put(m, ReferenceFunction.of("icl.optimalLoss", IclConfigs.TASK,
                "IclTheory.optimalLoss: the loss of one GD step at the optimal step size (isotropic)",
                (a, run) -> IclTheory.optimalLoss(a.integer("d"), a.integer("n"), a.number("noise"))));
        put(m, ReferenceFunction.of("icl.optimalStepSize", IclConfigs.TASK,
                "IclTheory.optimalStepSize η* (sum form, isotropic)",
                (a, run) -> IclTheory.optimalStepSize(a.integer("d"), a.integer("n"), a.number("noise"))));
        put(m, ReferenceFunction.of("icl.lossAtStep", IclConfigs.TASK.with(
                        number("stepFactor", "step size as a multiple of η*").byDefault(1.0)),
                "IclTheory.lossAtStep at η = stepFactor·η*",
                (a, run) -> {
                    int d = a.integer("d");
                    int n = a.integer("n");
                    double noise = a.number("noise");
                    return IclTheory.lossAtStep(d, n, noise,
                            a.number("stepFactor") * IclTheory.optimalStepSize(d, n, noise));
                }));
        put(m, ReferenceFunction.of("icl.preconditionedLoss", IclConfigs.DISTRIBUTION.with(
                        number("gammaFactor", "preconditioner as a multiple of Γ*").byDefault(1.0)),
                "PreconditionedOneStepGd.loss(gammaFactor·Γ*, Σ, Σ_w, n, σ²)",
                (a, run) -> {
                    PromptDistribution d = IclConfigs.distribution(a);
                    double[][] g = SmallMatrices.scale(a.number("gammaFactor"),
                            PreconditionedGdExperiments.optimalGamma(d));
                    return PreconditionedOneStepGd.loss(g, d.inputCovariance(), d.priorCovariance(), d.n(),
                            d.noise());
                }));
        put(m, ReferenceFunction.of("icl.preconditionedOptimalLoss", IclConfigs.DISTRIBUTION,
                "PreconditionedOneStepGd.optimalLoss(Σ, Σ_w, n, σ²): L* of the best preconditioned GD step",
                (a, run) -> {
                    PromptDistribution d = IclConfigs.distribution(a);
                    return PreconditionedOneStepGd.optimalLoss(d.inputCovariance(), d.priorCovariance(), d.n(),
                            d.noise());
                }));
        put(m, ReferenceFunction.of("icl.iidOptimalStepSize", IclConfigs.DISTRIBUTION,
                "IclTheory.optimalStepSizeIidInputs with the inputs' second and fourth moments",
                (a, run) -> VonOswaldExperiments.closedFormStep(IclConfigs.distribution(a))));
        put(m, ReferenceFunction.of("icl.estimatorRisk", ReferenceCurveExperiments.EXACT,
                "EstimatorRisks closed form of the estimator's error per dimension",
                (a, run) -> ReferenceCurveExperiments.closedForm(run, a.text("estimator"), a.integer("d"),
                        a.integer("n"), a.number("noise"))));
        put(m, ReferenceFunction.of("icl.bayesRidgeLambda", ConfigSpec.of(
                        number("noise", "label-noise variance σ²").unit("variance")),
                "the Bayes-optimal ridge λ = σ²/τ² for w ~ N(0, I) (τ² = 1)",
                (a, run) -> a.number("noise")));
        return m;
    }

    private static void put(Map<String, ReferenceFunction> m, ReferenceFunction f) {
        m.put(f.name(), f);
    }
}
