package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * NOLA (Koohpayegani et al., arXiv 2310.02556): A and B are linear combinations of fixed random bases; only the
 * mixture coefficients train, {@code basis} for A plus {@code basis} for B per adapted matrix (options
 * {@code basisA}, {@code basisB} override each), independent of rank and width. Defaults: rank 8 on query and
 * value, 1024 basis matrices each, scale α / r with α = r.
 */
public final class NolaMethod extends TargetedMethod<NolaMethod.Options> {
    /** NOLA's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, int basisA, int basisB, double alpha) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("nola", "basis", "basisA", "basisB", "alpha");
            int r = o.rankOr(8);
            int basis = o.integer("basis", 1024);
            int ka = o.integer("basisA", basis);
            int kb = o.integer("basisB", basis);
            return new Options(r, o.targetsOr(LoraMethod.QUERY_VALUE), ka, kb, o.number("alpha", r));
        }
    }

    public NolaMethod() {
        super("nola",
                "coefficients of fixed random bases for A and B (basisA + basisB per matrix)",
                "UCDvision/NOLA README (NOLALinear trains only coefficients[num_basis])",
                Options::of);
    }

    public static List<ParameterSpec> shapes(String prefix, int basisA, int basisB) {
        return List.of(new ParameterSpec(prefix + ".nola_coef_A", basisA),
                new ParameterSpec(prefix + ".nola_coef_B", basisB));
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        return shapes(s.name(), p.basisA(), p.basisB());
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new NolaLinear(d, p.rank(), p.basisA(), p.basisB(), p.alpha(), rng);
    }
}
