package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * EVA (Paischer et al., arXiv 2410.07170): LoRA whose A is initialised from an SVD of the layer's input
 * activations; ranks may be redistributed under the fixed budget Σ r (option {@code rho}, PEFT's ρ; default
 * ρ = 1, uniform). Counted at uniform rank, where it equals LoRA's count; redistribution moves rank between layers,
 * so with equal shapes at every target, as the default query/value targets, the total is unchanged (a count with
 * ρ ≠ 1 on targets of different shapes depends on the data and is refused).
 */
public final class EvaMethod extends LoraMethod {
    /** EVA's choices: LoRA's (rank 8, query and value, α = 2r) plus ρ. */
    public record EvaOptions(int rank, List<String> targets, double alpha, double rho) {
        public static EvaOptions of(AdapterOptions o) {
            o.allowOnly("eva", "alpha", "rho");
            int r = o.rankOr(8);
            return new EvaOptions(r, o.targetsOr(QUERY_VALUE), o.number("alpha", 2.0 * r), o.number("rho", 1.0));
        }
    }

    @Override
    public String id() {
        return "eva";
    }

    @Override
    public String summary() {
        return "LoRA with A from the activations' SVD (uniform rank; redistribution keeps Σ r)";
    }

    @Override
    public String source() {
        return "huggingface/peft tuners/lora/eva.py (rank budget Σ r, ρ = 2)";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        EvaOptions p = EvaOptions.of(o);
        List<LinearSite> sites = Targets.select(a, p.targets());
        if (p.rho() != 1.0 && sites.stream().mapToInt(s -> s.in() + s.out()).distinct().count() > 1) {
            throw new LinreproException("eva: with rho ≠ 1 the ranks follow the data; the count is exact only when "
                    + "every target has the same shape");
        }
        return Targets.perTarget(a, p.targets(), p.rank(), LoraMethod::shapes);
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        EvaOptions p = EvaOptions.of(o);
        if (calibration == null) {
            throw new LinreproException("eva initialises from the activations of calibration inputs: "
                    + "pass them to BertAdapters.install(enc, \"eva\", options, rng, calibration)");
        }
        List<LinearSite> s = enc.sites(p.targets());
        List<NDArray> acts = calibration.of(s);
        List<Svd> comps = new ArrayList<>();
        for (NDArray a : acts) {
            comps.add(Eva.components(a));
        }
        int[] ranks = Eva.allocate(comps, p.rank(), p.rho());
        for (int k = 0; k < s.size(); k++) {
            if (ranks[k] > 0) { // a layer the budget skipped stays frozen, as in PEFT
                Dense d = enc.dense(s.get(k), id());
                enc.setLinear(s.get(k).layer(), s.get(k).role(), Eva.init(d, comps.get(k), ranks[k], p.alpha()));
            }
        }
    }
}
