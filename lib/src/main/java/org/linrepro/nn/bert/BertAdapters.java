package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.LinearMap;
import org.linrepro.nn.adapters.LinearSite;
import org.linrepro.nn.adapters.LoraLinear;
import org.linrepro.nn.adapters.LoraMethod;
import org.linrepro.nn.adapters.Targets;
import org.linrepro.util.LinreproException;

/**
 * Installs a method on a {@link BertEncoder}, in place: {@code lora} / {@code pissa} wrap the target linears
 * (default query, value; rank 8; LoRA alpha option {@code alpha}, default 2r as in the LoRA GLUE scripts),
 * {@code full} makes every encoder array trainable, {@code linear-probe} leaves it frozen. The other methods
 * are counted on real shapes ({@code adapters count}) but not yet trainable here.
 */
public final class BertAdapters {
    private BertAdapters() {}

    public static void install(BertEncoder enc, String method, AdapterOptions o, Random rng) {
        switch (method) {
            case "lora", "pissa" -> {
                o.allowOnly(method, "alpha");
                int r = o.rankOr(8);
                double alpha = o.number("alpha", 2.0 * r);
                for (LinearSite s : sites(enc, o)) {
                    LinearMap m = enc.linear(s.layer(), s.role());
                    if (!(m instanceof Dense d)) {
                        throw new LinreproException(method + ": layer " + s.layer() + " " + s.role().id()
                                + " is already adapted");
                    }
                    enc.setLinear(s.layer(), s.role(), method.equals("lora") ? LoraLinear.lora(d, r, alpha, rng)
                            : LoraLinear.pissa(d, r));
                }
            }
            case "full" -> {
                o.allowOnly(method);
                for (int i = 0; i < enc.config().layers(); i++) {
                    for (var role : org.linrepro.nn.adapters.Role.values()) {
                        ((Dense) enc.linear(i, role)).trainable(true);
                    }
                }
                for (NDArray a : enc.nonLinearParameters()) {
                    a.setRequiresGradient(true);
                }
            }
            case "linear-probe" -> o.allowOnly(method);
            default -> throw new LinreproException("method '" + method + "' is not trainable on the encoder yet "
                    + "(trainable: lora, pissa, full, linear-probe)");
        }
    }

    /** The target sites, chosen on the encoder's shape as for the architectures' counts. */
    static List<LinearSite> sites(BertEncoder enc, AdapterOptions o) {
        BertConfig c = enc.config();
        Architecture shape = new Architecture("encoder", Architecture.Family.BERT, c.layers(), c.hidden(),
                c.intermediate(), c.heads(), c.vocab(), c.maxPositions(), c.typeVocab(), "loaded checkpoint");
        return Targets.select(shape, o.targetsOr(LoraMethod.QUERY_VALUE));
    }
}
