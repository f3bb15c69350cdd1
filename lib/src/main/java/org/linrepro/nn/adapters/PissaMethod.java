package org.linrepro.nn.adapters;

import java.util.Random;

/**
 * PiSSA (Meng et al., arXiv 2404.02948): LoRA's structure, initialised with the top-r singular triplets of W
 * (A = √S_r V_rᵀ, B = U_r √S_r) and the residual W − B A frozen; same count as LoRA at the same r and targets.
 * Scale 1 (lora_alpha = r); LoRA's option {@code alpha} is accepted and does not change PiSSA's layer.
 */
public final class PissaMethod extends LoraMethod {
    @Override
    public String id() {
        return "pissa";
    }

    @Override
    public String summary() {
        return "LoRA structure initialised from the principal singular components; residual frozen";
    }

    @Override
    public String source() {
        return "GraphPKU/PiSSA README (\"shares the same architecture with LoRA\")";
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(id(), o);
        enc.wrap(id(), enc.sites(p.targets()), d -> LoraLinear.pissa(d, p.rank()));
    }
}
