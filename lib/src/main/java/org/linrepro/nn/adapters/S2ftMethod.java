package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * S2FT (arXiv 2412.06289; apd10/S2FT utils/module/s2.py): structured sparse fine-tuning of selected channels.
 * FFN part: {@code rank} (default 32) selected intermediate channels of each FFN output (down) projection train,
 * i.e. those columns, out × rank per layer (S2Linear2). Attention part (option {@code heads}, default 0): the rows
 * of {@code heads} selected heads in the query and value projections train (S2Linear), heads·head_dim × in each.
 * The official selection (which channels/heads, and the optional o/k/up/gate variants) is not modelled: ours is
 * seeded random.
 */
public final class S2ftMethod implements AdapterMethod {
    /** S2FT's choices and their defaults, read once for the count and the layers; heads 0 = no attention part. */
    public record Options(int rank, List<String> targets, int heads) {
        public static Options of(AdapterOptions o) {
            o.allowOnly("s2ft", "heads");
            return new Options(o.rankOr(32), o.targetsOr(List.of("ffn-out")),
                    o.has("heads") ? o.integer("heads", 1) : 0);
        }

        void checkHeads(int modelHeads) {
            if (heads > modelHeads) {
                throw new LinreproException("s2ft: " + heads + " heads exceed the model's " + modelHeads);
            }
        }
    }

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
        Options p = Options.of(o);
        p.checkHeads(a.heads());
        int headDim = a.hidden() / a.heads();
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, p.targets())) {
            if (p.rank() > s.in()) {
                throw new LinreproException("s2ft: " + p.rank() + " channels exceed the input width " + s.in() + " of "
                        + s.name());
            }
            out.add(new ParameterSpec(s.name() + ".selected_columns", s.out(), p.rank()));
        }
        if (p.heads() > 0) {
            for (LinearSite s : Targets.select(a, LoraMethod.QUERY_VALUE)) {
                out.add(new ParameterSpec(s.name() + ".selected_head_rows", (long) p.heads() * headDim, s.in()));
            }
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(o);
        Architecture shape = enc.shape();
        p.checkHeads(shape.heads());
        enc.wrap(id(), enc.sites(p.targets()), d -> S2ftLinear.columns(d, p.rank(), rng));
        int headDim = shape.hidden() / shape.heads();
        for (int i = 0; p.heads() > 0 && i < shape.layers(); i++) {
            // the same heads in query and value of a layer, as S2FT's shared q/v head order
            int[] chosen = S2ftLinear.sample(shape.heads(), p.heads(), rng);
            for (Role role : List.of(Role.QUERY, Role.VALUE)) {
                LinearSite s = new LinearSite(i, role, "", 0, 0, false);
                enc.setLinear(i, role, S2ftLinear.headRows(enc.dense(s, id()), chosen, headDim));
            }
        }
    }
}
