package org.linrepro.nn.adapters;

import java.util.Random;

/**
 * PiSSA (Meng et al., arXiv 2404.02948): LoRA's structure, initialised with the top-r singular triplets of W
 * (A = √S_r V_rᵀ, B = U_r √S_r) and the residual W − B A frozen; same count as LoRA at the same r and targets.
 * Scale 1 (lora_alpha = r); LoRA's option {@code alpha} is accepted and does not change PiSSA's layer.
 */
public final class PissaMethod extends LoraMethod {
    public PissaMethod() {
        super("pissa",
                "LoRA structure initialised from the principal singular components; residual frozen",
                "GraphPKU/PiSSA README (\"shares the same architecture with LoRA\")");
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return LoraLinear.pissa(d, p.rank());
    }
}
