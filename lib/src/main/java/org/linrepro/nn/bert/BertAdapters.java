package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.BoneLinear;
import org.linrepro.nn.adapters.CompacterAdapter;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.Eva;
import org.linrepro.nn.adapters.FloraLinear;
import org.linrepro.nn.adapters.HutLinear;
import org.linrepro.nn.adapters.HydraLinear;
import org.linrepro.nn.adapters.LinearMap;
import org.linrepro.nn.adapters.LinearSite;
import org.linrepro.nn.adapters.LoraLinear;
import org.linrepro.nn.adapters.LoraMethod;
import org.linrepro.nn.adapters.LoraSbLinear;
import org.linrepro.nn.adapters.NloraLinear;
import org.linrepro.nn.adapters.NolaLinear;
import org.linrepro.nn.adapters.Role;
import org.linrepro.nn.adapters.S2ftLinear;
import org.linrepro.nn.adapters.SsfLinear;
import org.linrepro.nn.adapters.Targets;
import org.linrepro.util.LinreproException;

/**
 * Installs a method on a {@link BertEncoder}, in place, wrapping exactly the layers the method targets with the
 * defaults {@code adapters count} uses (so the trainable arrays match the counted shapes): {@code lora},
 * {@code pissa}, {@code eva} (needs calibration inputs), {@code nola}, {@code bone}, {@code hut},
 * {@code flora}, {@code nlora} on query and value; {@code hydra} on the FFN output (ranks 4/8); {@code lora-sb} on query, value, attention output and FFN
 * output; {@code s2ft} on the FFN output; {@code ssf} after every linear map and LayerNorm; {@code compacter} /
 * {@code compacter++} after the attention output and/or the FFN output, LayerNorms unfrozen; {@code full} makes
 * every encoder array trainable, {@code linear-probe} leaves it frozen, {@code moment-probing+} adds MP+'s PSRP
 * per block (its head is {@link MomentProbingHead}). LoRA-family scale option {@code alpha}
 * (LoRA default 2r as in the LoRA GLUE scripts; r where the method's code sets alpha = r).
 */
public final class BertAdapters {
    private BertAdapters() {}

    public static void install(BertEncoder enc, String method, AdapterOptions o, Random rng) {
        install(enc, method, o, rng, null);
    }

    /** As {@link #install(BertEncoder, String, AdapterOptions, Random)}; {@code calibration} feeds EVA's activation SVD. */
    public static void install(BertEncoder enc, String method, AdapterOptions o, Random rng, Tokenized calibration) {
        switch (method) {
            case "lora", "pissa" -> {
                o.allowOnly(method, "alpha");
                int r = o.rankOr(8);
                double alpha = o.number("alpha", 2.0 * r);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> method.equals("lora")
                        ? LoraLinear.lora(d, r, alpha, rng) : LoraLinear.pissa(d, r));
            }
            case "eva" -> {
                o.allowOnly(method, "alpha", "rho");
                if (calibration == null) {
                    throw new LinreproException("eva initialises from the activations of calibration inputs: "
                            + "pass them to BertAdapters.install(enc, \"eva\", options, rng, calibration)");
                }
                int r = o.rankOr(8);
                double alpha = o.number("alpha", 2.0 * r);
                double rho = o.number("rho", 1.0);
                List<LinearSite> s = sites(enc, o, LoraMethod.QUERY_VALUE);
                List<NDArray> acts = activations(enc, s, calibration);
                List<org.linrepro.nn.adapters.Svd> comps = new ArrayList<>();
                for (NDArray a : acts) {
                    comps.add(Eva.components(a));
                }
                int[] ranks = Eva.allocate(comps, r, rho);
                for (int k = 0; k < s.size(); k++) {
                    if (ranks[k] > 0) { // a layer the budget skipped stays frozen, as in PEFT
                        Dense d = dense(enc, s.get(k), method);
                        enc.setLinear(s.get(k).layer(), s.get(k).role(), Eva.init(d, comps.get(k), ranks[k], alpha));
                    }
                }
            }
            case "nola" -> {
                o.allowOnly(method, "basis", "basisA", "basisB", "alpha");
                int r = o.rankOr(8);
                int basis = o.integer("basis", 1024);
                int ka = o.integer("basisA", basis);
                int kb = o.integer("basisB", basis);
                double alpha = o.number("alpha", r);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> new NolaLinear(d, r, ka, kb, alpha, rng));
            }
            case "hydra" -> {
                o.allowOnly(method, "parallelRank", "sequentialRank", "scale");
                int[] r = org.linrepro.nn.adapters.HydraMethod.ranks(o);
                double scale = o.number("scale", 1.0);
                wrap(enc, method, sites(enc, o, org.linrepro.nn.adapters.HydraMethod.DEFAULT_TARGETS),
                        d -> new HydraLinear(d, r[0], r[1], scale, rng));
            }
            case "bone" -> {
                o.allowOnly(method);
                int r = o.rankOr(64);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> new BoneLinear(d, r));
            }
            case "hut" -> {
                o.allowOnly(method, "alpha");
                int r = o.rankOr(8);
                double alpha = o.number("alpha", r);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> new HutLinear(d, r, alpha, rng));
            }
            case "flora" -> {
                o.allowOnly(method, "scale");
                int r = o.rankOr(8);
                double scale = o.number("scale", 1.0);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> new FloraLinear(d, r, scale, rng));
            }
            case "nlora" -> {
                o.allowOnly(method, "alpha", "inttune");
                int r = o.rankOr(8);
                double alpha = o.number("alpha", r);
                boolean intTune = o.flag("inttune", false);
                wrap(enc, method, sites(enc, o, LoraMethod.QUERY_VALUE), d -> new NloraLinear(d, r, alpha, intTune));
            }
            case "lora-sb" -> {
                o.allowOnly(method, "alpha");
                int r = o.rankOr(24);
                double alpha = o.number("alpha", r);
                wrap(enc, method, sites(enc, o, List.of("query", "value", "attn-out", "ffn-out")),
                        d -> new LoraSbLinear(d, r, alpha, rng));
            }
            case "s2ft" -> {
                o.allowOnly(method, "heads");
                int r = o.rankOr(32);
                wrap(enc, method, sites(enc, o, List.of("ffn-out")), d -> S2ftLinear.columns(d, r, rng));
                int heads = o.has("heads") ? o.integer("heads", 1) : 0;
                if (heads > enc.config().heads()) {
                    throw new LinreproException("s2ft: " + heads + " heads exceed the model's " + enc.config().heads());
                }
                for (int i = 0; heads > 0 && i < enc.config().layers(); i++) {
                    // the same heads in query and value of a layer, as S2FT's shared q/v head order
                    int[] chosen = S2ftLinear.sample(enc.config().heads(), heads, rng);
                    for (Role role : List.of(Role.QUERY, Role.VALUE)) {
                        LinearSite s = new LinearSite(i, role, "", 0, 0, false);
                        enc.setLinear(i, role, S2ftLinear.headRows(dense(enc, s, method), chosen,
                                enc.config().headDim()));
                    }
                }
            }
            case "ssf" -> {
                o.allowOnly(method);
                if (o.rank() > 0 || !o.targets().isEmpty()) {
                    throw new LinreproException("ssf adapts every linear and norm: no --rank or --targets");
                }
                wrap(enc, method, sites(enc, AdapterOptions.defaults(),
                        List.of("query", "key", "value", "attn-out", "ffn-in", "ffn-out")), d -> new SsfLinear(d, rng));
                NDManager m = enc.manager();
                for (int site = 0; site < enc.normSites(); site++) {
                    enc.setNormAdapter(site, new SsfLinear.ScaleShift(m, enc.config().hidden(), rng));
                }
            }
            case "compacter", "compacter++" -> {
                o.allowOnly(method, "reduction", "n", "phmRank", "layerNorms");
                if (o.rank() > 0 || !o.targets().isEmpty()) {
                    throw new LinreproException(method + " places adapters after blocks: use options "
                            + "reduction/n/phmRank, not --rank or --targets");
                }
                int reduction = o.integer("reduction", 32);
                int n = o.integer("n", 4);
                int k = o.integer("phmRank", 1);
                int d = enc.config().hidden();
                if (d % reduction != 0 || (d / reduction) % n != 0 || d % n != 0) {
                    throw new LinreproException(method + ": reduction " + reduction + " and n " + n
                            + " must divide the width " + d + " and the bottleneck");
                }
                NDArray rule = CompacterAdapter.newRule(enc.manager(), n, rng);
                List<String> where = method.equals("compacter") ? List.of("attn-out", "ffn-out") : List.of("ffn-out");
                wrap(enc, method, sites(enc, AdapterOptions.defaults(), where),
                        base -> new CompacterAdapter(base, rule, reduction, n, k, rng));
                if (o.flag("layerNorms", true)) {
                    for (NDArray a : enc.normParameters()) {
                        a.setRequiresGradient(true);
                    }
                }
            }
            case "full" -> {
                o.allowOnly(method);
                for (int i = 0; i < enc.config().layers(); i++) {
                    for (var role : Role.values()) {
                        ((Dense) enc.linear(i, role)).trainable(true);
                    }
                }
                for (NDArray a : enc.nonLinearParameters()) {
                    a.setRequiresGradient(true);
                }
            }
            case "linear-probe" -> o.allowOnly(method);
            case "moment-probing" -> throw new LinreproException(method + " is a probing head, not an encoder "
                    + "adapter: install linear-probe (encoder frozen) and use MomentProbingHead as the classifier");
            case "moment-probing+" -> {
                // MP+'s encoder side: a PSRP per block; the head is MomentProbingHead
                o.allowOnly(method, "hidden", "heads");
                for (int i = 0; i < enc.config().layers(); i++) {
                    enc.setFfnModulation(i, new org.linrepro.nn.adapters.Psrp(enc.manager(), enc.config().hidden(), rng));
                }
            }
            default -> throw new LinreproException("method '" + method + "' is not trainable on the encoder "
                    + "(trainable: lora, pissa, eva, nola, hydra, bone, hut, flora, nlora, lora-sb, s2ft, ssf, "
                    + "compacter, compacter++, full, linear-probe)");
        }
    }

    /**
     * LoRA-SB's data-driven start, after {@code install(enc, "lora-sb", ...)}: the gradient of {@code loss} (a task
     * loss computed from the encoder, e.g. classifier cross-entropy on a few examples) with respect to every
     * adapted frozen weight sets that layer's A, R, B ({@link LoraSbLinear#initFromGradient}). The weights are
     * made differentiable only for this one backward pass.
     */
    public static void initLoraSbFromGradient(BertEncoder enc, java.util.function.Function<NDManager, NDArray> loss,
            double lr) {
        List<LoraSbLinear> slots = new ArrayList<>();
        for (int i = 0; i < enc.config().layers(); i++) {
            for (Role r : Role.values()) {
                if (enc.linear(i, r) instanceof LoraSbLinear l) {
                    slots.add(l);
                }
            }
        }
        if (slots.isEmpty()) {
            throw new LinreproException("initLoraSbFromGradient: no lora-sb layer installed");
        }
        slots.forEach(l -> l.base().weight().setRequiresGradient(true));
        List<NDArray> grads = new ArrayList<>();
        try (NDManager sm = enc.manager().newSubManager()) {
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(loss.apply(sm));
                for (LoraSbLinear l : slots) {
                    NDArray g = l.base().weight().getGradient().duplicate();
                    g.attach(sm);
                    grads.add(g);
                }
            } finally {
                slots.forEach(l -> l.base().weight().setRequiresGradient(false));
            }
            // outside the recording: the adapter arrays are overwritten in place
            for (int k = 0; k < slots.size(); k++) {
                slots.get(k).initFromGradient(grads.get(k), lr);
            }
        }
    }

    private static void wrap(BertEncoder enc, String method, List<LinearSite> sites,
            java.util.function.Function<Dense, LinearMap> make) {
        for (LinearSite s : sites) {
            enc.setLinear(s.layer(), s.role(), make.apply(dense(enc, s, method)));
        }
    }

    private static Dense dense(BertEncoder enc, LinearSite s, String method) {
        LinearMap m = enc.linear(s.layer(), s.role());
        if (!(m instanceof Dense d)) {
            throw new LinreproException(method + ": layer " + s.layer() + " " + s.role().id() + " is already adapted");
        }
        return d;
    }

    /** The target sites, chosen on the encoder's shape as for the architectures' counts. */
    static List<LinearSite> sites(BertEncoder enc, AdapterOptions o, List<String> defaults) {
        BertConfig c = enc.config();
        Architecture shape = new Architecture("encoder", Architecture.Family.BERT, c.layers(), c.hidden(),
                c.intermediate(), c.heads(), c.vocab(), c.maxPositions(), c.typeVocab(), "loaded checkpoint");
        return Targets.select(shape, o.targetsOr(defaults));
    }

    static List<LinearSite> sites(BertEncoder enc, AdapterOptions o) {
        return sites(enc, o, LoraMethod.QUERY_VALUE);
    }

    /**
     * The inputs each site sees on the calibration batch, real tokens only (rows = tokens): the sites are wrapped
     * in recorders for one forward pass, then restored.
     */
    public static List<NDArray> activations(BertEncoder enc, List<LinearSite> sites, Tokenized calibration) {
        NDManager m = enc.manager();
        List<Recorder> recs = new ArrayList<>();
        for (LinearSite s : sites) {
            Recorder r = new Recorder(enc.linear(s.layer(), s.role()));
            recs.add(r);
            enc.setLinear(s.layer(), s.role(), r);
        }
        try (NDManager sm = m.newSubManager()) {
            NDArray mask = calibration.maskArray(sm);
            NDArray keep = mask.reshape(-1).toType(ai.djl.ndarray.types.DataType.BOOLEAN, false);
            enc.forward(calibration.idsArray(sm), calibration.typeIdsArray(sm), mask);
            List<NDArray> out = new ArrayList<>();
            for (Recorder r : recs) {
                NDArray x = r.seen.reshape(-1, r.in()).get(keep);
                x.attach(m);
                out.add(x);
            }
            return out;
        } finally {
            for (int k = 0; k < sites.size(); k++) {
                enc.setLinear(sites.get(k).layer(), sites.get(k).role(), recs.get(k).inner);
            }
        }
    }

    /** Passes through and keeps the last input. */
    private static final class Recorder implements LinearMap {
        final LinearMap inner;
        NDArray seen;

        Recorder(LinearMap inner) {
            this.inner = inner;
        }

        @Override
        public NDArray forward(NDArray x) {
            seen = x;
            return inner.forward(x);
        }

        @Override
        public List<NDArray> trainable() {
            return inner.trainable();
        }

        @Override
        public int in() {
            return inner.in();
        }

        @Override
        public int out() {
            return inner.out();
        }
    }
}
