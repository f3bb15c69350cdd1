package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;

/**
 * NLoRA (Guo, Chang, Wu, arXiv 2502.14482): LoRA with an r × r intermediate matrix N between the factors,
 * ΔW = s·B N A, initialised Nyström-style from slices of W (official code: A = W[:r, :], B = W[:, :r],
 * N = W[:r, :r]). r(in + out) + r² per adapted matrix; option {@code inttune=true} (IntTune) trains only N (r²).
 * Default r = 8 on query and value (the paper's LLaMA runs adapt every linear at r = 128).
 */
public final class NloraMethod implements AdapterMethod {
    @Override
    public String id() {
        return "nlora";
    }

    @Override
    public String summary() {
        return "B·N·A with an r×r intermediate N, Nyström init from W's slices (IntTune: N only)";
    }

    @Override
    public String source() {
        return "TracyGuo2001/NLoRA peft/src/peft/tuners/lora/layer.py @b66f88d (nlora_init, lora_N r×r)";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id(), "inttune");
        int r = o.rankOr(8);
        boolean intTune = o.flag("inttune", false);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(LoraMethod.QUERY_VALUE))) {
            if (!intTune) {
                out.addAll(LoraMethod.shapes(s.name(), s.in(), s.out(), r));
            }
            out.add(new ParameterSpec(s.name() + ".lora_N", r, r));
        }
        return out;
    }
}
