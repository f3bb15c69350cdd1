package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** Compacter's choices and their defaults, read once for the count and the layers. */
    public record Options(int reduction, int n, int phmRank, boolean layerNorms) {
        public static Options of(String method, AdapterOptions o) {
            o.allowOnly(method, "reduction", "n", "phmRank", "layerNorms");
            if (o.rank() > 0 || !o.targets().isEmpty()) {
                throw new LinreproException(method + " places adapters after blocks: use options "
                        + "reduction/n/phmRank, not --rank or --targets");
            }
            return new Options(o.integer("reduction", 32), o.integer("n", 4), o.integer("phmRank", 1),
                    o.flag("layerNorms", true));
        }
    }

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

    /** The roles an adapter follows: the attention output and the FFN output, or the FFN output only. */
    private List<Role> roles() {
        return ffnOnly ? List.of(Role.FFN_OUT) : List.of(Role.ATTN_OUT, Role.FFN_OUT);
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(id(), o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : a.linears()) {
            if (!roles().contains(s.role())) {
                continue;
            }
            int d = s.out();
            if (d % p.reduction() != 0) {
                throw new LinreproException(id() + ": reduction " + p.reduction() + " must divide the width " + d);
            }
            int m = d / p.reduction();
            String prefix = "adapters.layer" + s.layer() + "." + s.role().id();
            out.addAll(phmShapes(prefix + ".down", d, m, p.n(), p.phmRank()));
            out.addAll(phmShapes(prefix + ".up", m, d, p.n(), p.phmRank()));
        }
        out.add(new ParameterSpec("adapters.shared_phm_rule", p.n(), p.n(), p.n()));
        if (p.layerNorms()) {
            for (NormSite ns : a.norms()) {
                if (!ns.module().equals("patch_embed")) {
                    out.add(new ParameterSpec(ns.module() + ".weight", ns.dim()));
                    out.add(new ParameterSpec(ns.module() + ".bias", ns.dim()));
                }
            }
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(id(), o);
        int d = enc.shape().hidden();
        if (d % p.reduction() != 0 || (d / p.reduction()) % p.n() != 0 || d % p.n() != 0) {
            throw new LinreproException(id() + ": reduction " + p.reduction() + " and n " + p.n()
                    + " must divide the width " + d + " and the bottleneck");
        }
        NDArray rule = CompacterAdapter.newRule(enc.manager(), p.n(), rng);
        List<String> where = roles().stream().map(Role::id).toList();
        enc.wrap(id(), enc.sites(where),
                base -> new CompacterAdapter(base, rule, p.reduction(), p.n(), p.phmRank(), rng));
        if (p.layerNorms()) {
            for (NDArray a : enc.normParameters()) {
                a.setRequiresGradient(true);
            }
        }
    }
}
