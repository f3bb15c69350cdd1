package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * S2FT (arXiv 2412.06289; apd10/S2FT utils/module/s2.py): structured sparse fine-tuning of selected channels.
 * FFN part: {@code rank} selected intermediate channels of each FFN output (down) projection train, i.e. those
 * columns, out × rank per layer (S2Linear2). Attention part (option {@code heads}, default 0): the rows of
 * {@code heads} selected heads in the query and value projections train (S2Linear), heads·head_dim × in each.
 * The official selection (which channels/heads, and the optional o/k/up/gate variants) is not modelled: ours is
 * seeded random.
 */
public final class S2ftMethod implements AdapterMethod {
    @Override
    public String id() {
        return "s2ft";
    }

    @Override
    public String summary() {
        return "r selected columns of each FFN down projection (+ option heads: selected head rows of q and v)";
    }

    @Override
    public String source() {
        return "apd10/S2FT @2ff2459 utils/module/s2.py (S2Linear rows, S2Linear2 columns); selection rule unverified";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id(), "heads");
        int r = o.rankOr(32);
        int heads = o.has("heads") ? o.integer("heads", 1) : 0;
        if (heads > a.heads()) {
            throw new LinreproException("s2ft: " + heads + " heads exceed the model's " + a.heads());
        }
        int headDim = a.hidden() / a.heads();
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(List.of("ffn-out")))) {
            if (r > s.in()) {
                throw new LinreproException("s2ft: " + r + " channels exceed the input width " + s.in() + " of "
                        + s.name());
            }
            out.add(new ParameterSpec(s.name() + ".selected_columns", s.out(), r));
        }
        if (heads > 0) {
            for (LinearSite s : Targets.select(a, List.of("query", "value"))) {
                out.add(new ParameterSpec(s.name() + ".selected_head_rows", (long) heads * headDim, s.in()));
            }
        }
        return out;
    }
}
