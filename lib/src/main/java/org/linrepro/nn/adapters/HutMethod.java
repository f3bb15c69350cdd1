package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * HUT (Zhang, Zhou, Chen, arXiv 2409.13501, "Hadamard Updated Transformation"): the updated weight is a Hadamard
 * transformation of the original, W' = W ⊙ (1 + s·B A), with two low-rank factors A (r × in), B (out × r);
 * r(in + out) per adapted matrix. Only the abstract was read: the exact form (which factors, scaling, targets) is
 * unverified; this is the reading "Hadamard product of W with a product of two low-rank matrices".
 */
public final class HutMethod extends TargetedMethod<HutMethod.Options> {
    /** HUT's choices and their defaults (rank 8, query and value, s = α / r with α = r), for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("hut", "alpha");
            int r = o.rankOr(8);
            return new Options(r, o.targetsOr(LoraMethod.QUERY_VALUE), o.number("alpha", r));
        }
    }

    public HutMethod() {
        super("hut",
                "W ⊙ (1 + B·A): Hadamard update of the frozen matrix by a rank-r product (r(in+out) per matrix)",
                "arXiv 2409.13501 abstract only; exact form and the paper's counts unverified",
                Options::of);
    }

    public static List<ParameterSpec> shapes(String prefix, int in, int out, int r) {
        return List.of(new ParameterSpec(prefix + ".hut_A", r, in), new ParameterSpec(prefix + ".hut_B", out, r));
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        return shapes(s.name(), s.in(), s.out(), p.rank());
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new HutLinear(d, p.rank(), p.alpha(), rng);
    }
}
