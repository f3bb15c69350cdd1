package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * NOLA (Koohpayegani et al., arXiv 2310.02556): A and B are linear combinations of fixed random bases; only the
 * mixture coefficients train, {@code basis} for A plus {@code basis} for B per adapted matrix (options
 * {@code basisA}, {@code basisB} override each), independent of rank and width. Defaults: rank 8 on query and
 * value, 1024 basis matrices each, scale α / r with α = r.
 */
public final class NolaMethod implements AdapterMethod {
    /** NOLA's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, int basisA, int basisB, double alpha) {
        public static Options of(AdapterOptions o) {
            o.allowOnly("nola", "basis", "basisA", "basisB", "alpha");
            int r = o.rankOr(8);
            int basis = o.integer("basis", 1024);
            int ka = o.integer("basisA", basis);
            int kb = o.integer("basisB", basis);
            return new Options(r, o.targetsOr(LoraMethod.QUERY_VALUE), ka, kb, o.number("alpha", r));
        }
    }

    @Override
    public String id() {
        return "nola";
    }

    @Override
    public String summary() {
        return "coefficients of fixed random bases for A and B (basisA + basisB per matrix)";
    }

    @Override
    public String source() {
        return "UCDvision/NOLA README (NOLALinear trains only coefficients[num_basis])";
    }

    public static List<ParameterSpec> shapes(String prefix, int basisA, int basisB) {
        return List.of(new ParameterSpec(prefix + ".nola_coef_A", basisA),
                new ParameterSpec(prefix + ".nola_coef_B", basisB));
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, p.targets())) {
            out.addAll(shapes(s.name(), p.basisA(), p.basisB()));
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(o);
        enc.wrap(id(), enc.sites(p.targets()),
                d -> new NolaLinear(d, p.rank(), p.basisA(), p.basisB(), p.alpha(), rng));
    }
}
