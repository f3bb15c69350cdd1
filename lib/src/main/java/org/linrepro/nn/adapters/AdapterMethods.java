package org.linrepro.nn.adapters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/** The adapter methods by id, and trainable-parameter counts built from the architectures' real shapes. */
public final class AdapterMethods {
    private static final Map<String, AdapterMethod> ALL = new LinkedHashMap<>();

    static {
        for (AdapterMethod m : List.of(new LoraMethod(), new PissaMethod(), new EvaMethod(), new NolaMethod(),
                new CompacterMethod(false), new CompacterMethod(true), new SsfMethod(), new HydraMethod(),
                new BoneMethod(), new LoraSbMethod(), new S2ftMethod(), new MomentProbingMethod(false),
                new MomentProbingMethod(true), new HutMethod(), new FloraMethod(), new NloraMethod(), new FullMethod(),
                new LinearProbeMethod())) {
            ALL.put(m.id(), m);
        }
    }

    private AdapterMethods() {}

    public static Map<String, AdapterMethod> all() {
        return java.util.Collections.unmodifiableMap(ALL);
    }

    public static AdapterMethod byId(String id) {
        AdapterMethod m = ALL.get(id);
        if (m == null) {
            throw new LinreproException("unknown adapter method '" + id + "' (known: "
                    + String.join(", ", ALL.keySet()) + ")");
        }
        return m;
    }

    /** Trainable tensors of {@code method} on {@code model}, plus the classifier head for {@code labels} if > 0. */
    public static List<ParameterSpec> trainable(String model, String method, AdapterOptions o, int headLabels) {
        Architecture a = Architectures.byId(model);
        AdapterMethod m = byId(method);
        List<ParameterSpec> out = new java.util.ArrayList<>(m.trainable(a, o));
        if (headLabels > 0) {
            out.addAll(m.head(a, o, headLabels));
        }
        return out;
    }

    public static long count(String model, String method, AdapterOptions o, int headLabels) {
        return Architecture.total(trainable(model, method, o, headLabels));
    }
}
