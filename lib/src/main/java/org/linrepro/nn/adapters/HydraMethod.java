package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;

/**
 * Hydra (Kim et al., arXiv 2309.06922): a parallel low-rank branch on the input (B_p A_p x) and a sequential
 * low-rank branch on the frozen layer's output (B_s A_s W x), both rank r. Structure as the issue describes the
 * method; the paper's own placement and counts are unverified (CATALOGUE PEFT-10).
 */
public final class HydraMethod implements AdapterMethod {
    @Override
    public String id() {
        return "hydra";
    }

    @Override
    public String summary() {
        return "parallel r(in+out) plus sequential r(out+out) low-rank branches per matrix";
    }

    @Override
    public String source() {
        return "method description only (parallel + sequential branches); paper tables unverified";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id());
        int r = o.rankOr(8);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(LoraMethod.QUERY_VALUE))) {
            out.addAll(LoraMethod.shapes(s.name() + ".parallel", s.in(), s.out(), r));
            out.addAll(LoraMethod.shapes(s.name() + ".sequential", s.out(), s.out(), r));
        }
        return out;
    }
}
