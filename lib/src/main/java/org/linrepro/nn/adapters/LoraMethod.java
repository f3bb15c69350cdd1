package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * LoRA (Hu et al., arXiv 2106.09685): W x + (α/r)·B A x with A (r × in) and B (out × r) trained, W frozen.
 * Default: r = 8 on query and value, the paper's GLUE setting; α = 2r as in the LoRA GLUE scripts.
 */
public class LoraMethod extends TargetedMethod<LoraMethod.Options> {
    public static final List<String> QUERY_VALUE = List.of("query", "value");

    /** LoRA's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha) implements Targeted {
        public static Options of(String method, AdapterOptions o) {
            o.allowOnly(method, "alpha");
            int r = o.rankOr(8);
            return new Options(r, o.targetsOr(QUERY_VALUE), o.number("alpha", 2.0 * r));
        }
    }

    public LoraMethod() {
        this("lora", "low-rank update B·A (r(in+out) per matrix) beside each frozen target matrix",
                "microsoft/LoRA loralib (lora.Linear, MergedLinear for GPT-2 c_attn)");
    }

    /** For a method that keeps LoRA's structure and options (PiSSA). */
    protected LoraMethod(String id, String summary, String source) {
        super(id, summary, source, o -> Options.of(id, o));
    }

    /** A and B of one adapted matrix: the shapes {@link LoraLinear} allocates. */
    public static List<ParameterSpec> shapes(String prefix, int in, int out, int r) {
        return List.of(new ParameterSpec(prefix + ".lora_A", r, in), new ParameterSpec(prefix + ".lora_B", out, r));
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        return shapes(s.name(), s.in(), s.out(), p.rank());
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return LoraLinear.lora(d, p.rank(), p.alpha(), rng);
    }
}
