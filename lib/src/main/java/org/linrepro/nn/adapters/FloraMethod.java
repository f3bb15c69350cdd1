package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * FLoRA (Si et al., arXiv 2405.14739, "Low-Rank Core Space for N-dimension"): a Tucker decomposition of the
 * update; for a linear map ΔW = s·B G Aᵀ with factors A (in × r), B (out × r) and the core G (r × r), G starting
 * at zero. r(in + out) + r² per adapted matrix. Default r = 8 on query and value (the paper's GLUE placement is
 * not verified).
 */
public final class FloraMethod extends TargetedMethod<FloraMethod.Options> {
    /** FLoRA's choices and their defaults (rank 8, query and value, scale 1), for the count and the layers. */
    public record Options(int rank, List<String> targets, double scale) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("flora", "scale");
            return new Options(o.rankOr(8), o.targetsOr(LoraMethod.QUERY_VALUE), o.number("scale", 1.0));
        }
    }

    public FloraMethod() {
        super("flora",
                "Tucker update B·G·Aᵀ with an r×r core (r(in+out) + r² per matrix)",
                "SJTU-DeepVisionLab/FLoRA flora/layers.py @86899a3 (FLoRALayer param_G, param_0 (in, r), param_1 (out, r))",
                Options::of);
    }

    public static List<ParameterSpec> shapes(String prefix, int in, int out, int r) {
        return List.of(new ParameterSpec(prefix + ".flora_param_0", in, r),
                new ParameterSpec(prefix + ".flora_param_1", out, r),
                new ParameterSpec(prefix + ".flora_param_G", r, r));
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        return shapes(s.name(), s.in(), s.out(), p.rank());
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new FloraLinear(d, p.rank(), p.scale(), rng);
    }
}
