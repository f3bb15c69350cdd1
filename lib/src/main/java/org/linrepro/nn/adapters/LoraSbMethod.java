package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;

/**
 * LoRA-SB (Ponkshe et al., arXiv 2411.19557): W + s·B R A with A and B fixed after initialisation and only the
 * r × r matrix R trained. Default: the official GLUE setting, r = 24 on query, value, attention output and FFN
 * output (PEFT suffixes query, value, attention.output.dense, output.dense).
 */
public final class LoraSbMethod implements AdapterMethod {
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
        o.allowOnly(id());
        int r = o.rankOr(24);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(List.of("query", "value", "attn-out", "ffn-out")))) {
            out.add(new ParameterSpec(s.name() + ".lora_latent_R", r, r));
        }
        return out;
    }
}
