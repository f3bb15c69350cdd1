package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * LoRA (Hu et al., arXiv 2106.09685): W x + (α/r)·B A x with A (r × in) and B (out × r) trained, W frozen.
 * Default: r = 8 on query and value, the paper's GLUE setting; α = 2r as in the LoRA GLUE scripts.
 */
public class LoraMethod implements AdapterMethod {
    public static final List<String> QUERY_VALUE = List.of("query", "value");

    /** LoRA's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha) {
        public static Options of(String method, AdapterOptions o) {
            o.allowOnly(method, "alpha");
            int r = o.rankOr(8);
            return new Options(r, o.targetsOr(QUERY_VALUE), o.number("alpha", 2.0 * r));
        }
    }

    @Override
    public String id() {
        return "lora";
    }

    @Override
    public String summary() {
        return "low-rank update B·A (r(in+out) per matrix) beside each frozen target matrix";
    }

    @Override
    public String source() {
        return "microsoft/LoRA loralib (lora.Linear, MergedLinear for GPT-2 c_attn)";
    }

    /** A and B of one adapted matrix: the shapes {@link LoraLinear} allocates. */
    public static List<ParameterSpec> shapes(String prefix, int in, int out, int r) {
        return List.of(new ParameterSpec(prefix + ".lora_A", r, in), new ParameterSpec(prefix + ".lora_B", out, r));
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(id(), o);
        return Targets.perTarget(a, p.targets(), p.rank(), LoraMethod::shapes);
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(id(), o);
        enc.wrap(id(), enc.sites(p.targets()), d -> LoraLinear.lora(d, p.rank(), p.alpha(), rng));
    }
}
