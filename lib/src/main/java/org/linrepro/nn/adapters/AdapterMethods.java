package org.linrepro.nn.adapters;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/** The adapter methods by id, and trainable-parameter counts built from the architectures' real shapes. */
public final class AdapterMethods {
    private static final Map<String, AdapterMethod> ALL = new LinkedHashMap<>();

    // One line per method: its options, count and installation live in its XMethod class, its layer in XLinear.
    static {
        register(new LoraMethod());
        register(new PissaMethod());
        register(new EvaMethod());
        register(new NolaMethod());
        register(new CompacterMethod(false));
        register(new CompacterMethod(true));
        register(new SsfMethod());
        register(new HydraMethod());
        register(new BoneMethod());
        register(new LoraSbMethod());
        register(new S2ftMethod());
        register(new MomentProbingMethod(false));
        register(new MomentProbingMethod(true));
        register(new HutMethod());
        register(new FloraMethod());
        register(new NloraMethod());
        register(new FullMethod());
        register(new LinearProbeMethod());
    }

    private static void register(AdapterMethod m) {
        ALL.put(m.id(), m);
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
