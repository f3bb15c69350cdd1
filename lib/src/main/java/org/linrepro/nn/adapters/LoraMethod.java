package org.linrepro.nn.adapters;

import java.util.List;

/**
 * LoRA (Hu et al., arXiv 2106.09685): W x + (α/r)·B A x with A (r × in) and B (out × r) trained, W frozen.
 * Default: r = 8 on query and value, the paper's GLUE setting.
 */
public class LoraMethod implements AdapterMethod {
    public static final List<String> QUERY_VALUE = List.of("query", "value");

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
        return Targets.rankPerTarget(id(), a, o, LoraMethod::shapes);
    }
}
