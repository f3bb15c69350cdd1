package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * S2FT (arXiv 2412.06289), FFN part only: a structured sparse subset of {@code rank} input channels of each FFN
 * output (down) projection is trained, rank × out per layer. The attention-head selection of the method is not
 * modelled (CATALOGUE PEFT-9: repository seen, not analysed).
 */
public final class S2ftMethod implements AdapterMethod {
    @Override
    public String id() {
        return "s2ft";
    }

    @Override
    public String summary() {
        return "r selected input channels of each FFN down projection (r × out per layer; heads not modelled)";
    }

    @Override
    public String source() {
        return "apd10/S2FT (selection of FFN down_proj channels); unverified beyond that";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id());
        int r = o.rankOr(32);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(List.of("ffn-out")))) {
            if (r > s.in()) {
                throw new LinreproException("s2ft: " + r + " channels exceed the input width " + s.in() + " of "
                        + s.name());
            }
            out.add(new ParameterSpec(s.name() + ".selected_columns", s.out(), r));
        }
        return out;
    }
}
