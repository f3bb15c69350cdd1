package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LoRA-SB (Ponkshe et al., arXiv 2411.19557): W + s·B R A with A and B fixed after initialisation and only the
 * r × r matrix R trained. Default: the official GLUE setting, r = 24 on query, value, attention output and FFN
 * output (PEFT suffixes query, value, attention.output.dense, output.dense); scale α / r with α = r.
 */
public final class LoraSbMethod implements AdapterMethod {
    public static final List<String> DEFAULT_TARGETS = List.of("query", "value", "attn-out", "ffn-out");

    /** LoRA-SB's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets, double alpha) {
        public static Options of(AdapterOptions o) {
            o.allowOnly("lora-sb", "alpha");
            int r = o.rankOr(24);
            return new Options(r, o.targetsOr(DEFAULT_TARGETS), o.number("alpha", r));
        }
    }

    @Override
    public String id() {
        return "lora-sb";
    }

    @Override
    public String summary() {
        return "only the r×r matrix R between frozen B and A (r² per matrix)";
    }

    @Override
    public String source() {
        return "RaghavSinghal10/lora-sb utils/initialization_utils.py (nn.Linear(r, r)), scripts/run_glue.sh";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, p.targets())) {
            out.add(new ParameterSpec(s.name() + ".lora_latent_R", p.rank(), p.rank()));
        }
        return out;
    }

    /** A, B fixed random and R = 0; the paper's gradient start is {@code BertAdapters.initLoraSbFromGradient}. */
    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(o);
        enc.wrap(id(), enc.sites(p.targets()), d -> new LoraSbLinear(d, p.rank(), p.alpha(), rng));
    }
}
