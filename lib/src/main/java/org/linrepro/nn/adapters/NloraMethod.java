package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * NLoRA (Guo, Chang, Wu, arXiv 2502.14482): LoRA with an r × r intermediate matrix N between the factors,
 * ΔW = s·B N A, initialised Nyström-style from slices of W (official code: A = W[:r, :], B = W[:, :r],
 * N = W[:r, :r]). r(in + out) + r² per adapted matrix; option {@code inttune=true} (IntTune) trains only N (r²).
 * Default r = 8 on query and value (the paper's LLaMA runs adapt every linear at r = 128).
 */
public final class NloraMethod extends TargetedMethod<NloraMethod.Options> {
    /** NLoRA's choices and their defaults (rank 8, query and value, α = r, IntTune off), for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha, boolean intTune) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("nlora", "alpha", "inttune");
            int r = o.rankOr(8);
            return new Options(r, o.targetsOr(LoraMethod.QUERY_VALUE), o.number("alpha", r), o.flag("inttune", false));
        }
    }

    public NloraMethod() {
        super("nlora",
                "B·N·A with an r×r intermediate N, Nyström init from W's slices (IntTune: N only)",
                "TracyGuo2001/NLoRA peft/src/peft/tuners/lora/layer.py @b66f88d (nlora_init, lora_N r×r)",
                Options::of);
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        List<ParameterSpec> out = new ArrayList<>();
        if (!p.intTune()) {
            out.addAll(LoraMethod.shapes(s.name(), s.in(), s.out(), p.rank()));
        }
        out.add(new ParameterSpec(s.name() + ".lora_N", p.rank(), p.rank()));
        return out;
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new NloraLinear(d, p.rank(), p.alpha(), p.intTune());
    }
}
