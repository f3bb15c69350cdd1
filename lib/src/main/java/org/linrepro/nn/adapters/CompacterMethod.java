package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Compacter (Karimi Mahabadi et al., arXiv 2106.04647): bottleneck adapters (d → d/reduction → d) whose two
 * maps are parameterised hypercomplex (PHM) layers Σ_i A_i ⊗ B_i with n shared n×n rules A_i and low-rank
 * B_i = W_left,i W_right,i, plus a bias. Defaults follow the official config: reduction 32, n 4, PHM rank 1,
 * one shared rule (n×n×n) per encoder stack, layer norms trainable, adapters after the attention block and
 * after the FFN. Method {@code compacter++} keeps only the FFN adapter.
 */
public final class CompacterMethod implements AdapterMethod {
    private final boolean ffnOnly;

    public CompacterMethod(boolean ffnOnly) {
        this.ffnOnly = ffnOnly;
    }

    @Override
    public String id() {
        return ffnOnly ? "compacter++" : "compacter";
    }

    @Override
    public String summary() {
        return "PHM bottleneck adapters (Kronecker sums, shared rules, rank-1 factors)"
                + (ffnOnly ? " after the FFN only" : " after attention and FFN") + " + layer norms";
    }

    @Override
    public String source() {
        return "rabeehk/compacter configs/compacter.json, hypercomplex/layers.py PHMLinear";
    }

    /** One PHM linear in → out: W_left (n, in/n, rank), W_right (n, rank, out/n), bias (out). */
    public static List<ParameterSpec> phmShapes(String prefix, int in, int out, int n, int rank) {
        if (in % n != 0 || out % n != 0) {
            throw new LinreproException("compacter: n = " + n + " must divide both widths " + in + " and " + out
                    + " of " + prefix);
        }
        return List.of(new ParameterSpec(prefix + ".W_left", n, in / n, rank),
                new ParameterSpec(prefix + ".W_right", n, rank, out / n),
                new ParameterSpec(prefix + ".bias", out));
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id(), "reduction", "n", "phmRank", "layerNorms");
        if (o.rank() > 0 || !o.targets().isEmpty()) {
            throw new LinreproException(id() + " places adapters after blocks: use options reduction/n/phmRank, "
                    + "not --rank or --targets");
        }
        int reduction = o.integer("reduction", 32);
        int n = o.integer("n", 4);
        int phmRank = o.integer("phmRank", 1);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : a.linears()) {
            boolean site = s.role() == Role.FFN_OUT || (!ffnOnly && s.role() == Role.ATTN_OUT);
            if (!site) {
                continue;
            }
            int d = s.out();
            if (d % reduction != 0) {
                throw new LinreproException(id() + ": reduction " + reduction + " must divide the width " + d);
            }
            int m = d / reduction;
            String p = "adapters.layer" + s.layer() + "." + s.role().id();
            out.addAll(phmShapes(p + ".down", d, m, n, phmRank));
            out.addAll(phmShapes(p + ".up", m, d, n, phmRank));
        }
        out.add(new ParameterSpec("adapters.shared_phm_rule", n, n, n));
        if (o.flag("layerNorms", true)) {
            for (NormSite ns : a.norms()) {
                if (!ns.module().equals("patch_embed")) {
                    out.add(new ParameterSpec(ns.module() + ".weight", ns.dim()));
                    out.add(new ParameterSpec(ns.module() + ".bias", ns.dim()));
                }
            }
        }
        return out;
    }
}
