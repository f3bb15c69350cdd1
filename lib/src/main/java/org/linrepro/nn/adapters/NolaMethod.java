package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;

/**
 * NOLA (Koohpayegani et al., arXiv 2310.02556): A and B are linear combinations of fixed random bases; only the
 * mixture coefficients train, {@code basis} for A plus {@code basis} for B per adapted matrix (options
 * {@code basisA}, {@code basisB} override each), independent of rank and width.
 */
public final class NolaMethod implements AdapterMethod {
    @Override
    public String id() {
        return "nola";
    }

    @Override
    public String summary() {
        return "coefficients of fixed random bases for A and B (basisA + basisB per matrix)";
    }

    @Override
    public String source() {
        return "UCDvision/NOLA README (NOLALinear trains only coefficients[num_basis])";
    }

    public static List<ParameterSpec> shapes(String prefix, int basisA, int basisB) {
        return List.of(new ParameterSpec(prefix + ".nola_coef_A", basisA),
                new ParameterSpec(prefix + ".nola_coef_B", basisB));
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id(), "basis", "basisA", "basisB");
        int basis = o.integer("basis", 1024);
        int ka = o.integer("basisA", basis);
        int kb = o.integer("basisB", basis);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(LoraMethod.QUERY_VALUE))) {
            out.addAll(shapes(s.name(), ka, kb));
        }
        return out;
    }
}
