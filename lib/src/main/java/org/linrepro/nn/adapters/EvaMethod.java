package org.linrepro.nn.adapters;

/**
 * EVA (Paischer et al., arXiv 2410.07170): LoRA whose A is initialised from an SVD of the layer's input
 * activations; ranks may be redistributed under the fixed budget Σ r (layer option {@code rho}, PEFT's ρ; the
 * layers default to ρ = 1, uniform). Counted here at uniform rank, where it equals LoRA's count (redistribution
 * moves rank between layers; with equal shapes, as the default query/value targets, the total is unchanged).
 */
public final class EvaMethod extends LoraMethod {
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
}
