package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.adapters.AdapterMethod;
import org.linrepro.nn.adapters.AdapterMethods;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.LinearMap;
import org.linrepro.nn.adapters.LinearSite;
import org.linrepro.nn.adapters.LoraMethod;
import org.linrepro.nn.adapters.LoraSbLinear;
import org.linrepro.nn.adapters.Role;
import org.linrepro.nn.adapters.WrappedLinear;
import org.linrepro.util.LinreproException;

/**
 * Installs an adapter method on a {@link BertEncoder}, in place: each method's own {@code install}
 * ({@link AdapterMethod#install}) wraps exactly the layers it targets with the options and defaults its count reads
 * (so the trainable arrays match {@code adapters count}). This class adds what is BERT-specific: the calibration
 * activations EVA starts from, and LoRA-SB's gradient start.
 */
public final class BertAdapters {
    private BertAdapters() {}

    public static void install(BertEncoder enc, String method, AdapterOptions o, Random rng) {
        install(enc, method, o, rng, null);
    }

    /** As {@link #install(BertEncoder, String, AdapterOptions, Random)}; {@code calibration} feeds EVA's activation SVD. */
    public static void install(BertEncoder enc, String method, AdapterOptions o, Random rng, Tokenized calibration) {
        AdapterMethod m = AdapterMethods.all().get(method);
        if (m == null) {
            throw new LinreproException("method '" + method + "' is not trainable on the encoder (trainable: "
                    + String.join(", ", AdapterMethods.all().values().stream().filter(AdapterMethod::adaptsEncoder)
                            .map(AdapterMethod::id).toList()) + ")");
        }
        m.install(enc, o, rng, calibration == null ? null : sites -> activations(enc, sites, calibration));
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

    /** The sites LoRA's default targets (query, value) or {@code o}'s targets name on the encoder. */
    static List<LinearSite> sites(BertEncoder enc, AdapterOptions o) {
        return enc.sites(o.targetsOr(LoraMethod.QUERY_VALUE));
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
                enc.setLinear(sites.get(k).layer(), sites.get(k).role(), recs.get(k).base());
            }
        }
    }

    /** Passes through and keeps the last input. */
    private static final class Recorder extends WrappedLinear<LinearMap> {
        NDArray seen;

        Recorder(LinearMap inner) {
            super(inner);
        }

        @Override
        public NDArray forward(NDArray x) {
            seen = x;
            return base.forward(x);
        }

        @Override
        public List<NDArray> trainable() {
            return base.trainable();
        }
    }
}
