package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * LoRA-SB (Ponkshe et al., arXiv 2411.19557): W + s·B R A with A and B fixed after initialisation and only the
 * r × r matrix R trained. Default: the official GLUE setting, r = 24 on query, value, attention output and FFN
 * output (PEFT suffixes query, value, attention.output.dense, output.dense); scale α / r with α = r.
 */
public final class LoraSbMethod extends TargetedMethod<LoraSbMethod.Options> {
    public static final List<String> DEFAULT_TARGETS = List.of("query", "value", "attn-out", "ffn-out");

    /** LoRA-SB's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("lora-sb", "alpha");
            int r = o.rankOr(24);
            return new Options(r, o.targetsOr(DEFAULT_TARGETS), o.number("alpha", r));
        }
    }

    public LoraSbMethod() {
        super("lora-sb",
                "only the r×r matrix R between frozen B and A (r² per matrix)",
                "RaghavSinghal10/lora-sb utils/initialization_utils.py (nn.Linear(r, r)), scripts/run_glue.sh",
                Options::of);
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        return List.of(new ParameterSpec(s.name() + ".lora_latent_R", p.rank(), p.rank()));
    }

    /** A, B fixed random and R = 0; the paper's gradient start is {@code BertAdapters.initLoraSbFromGradient}. */
    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new LoraSbLinear(d, p.rank(), p.alpha(), rng);
    }
}
