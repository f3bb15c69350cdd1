package org.linrepro.nn.mixer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Token mixers by string id. Each id has one config record type (the mixer's nested
 * {@code Config}) with a {@code defaults(dim, heads, causal)} factory.
 *
 * <pre>{@code
 * TokenMixer a = MixerRegistry.create("retention", 64, 4, true);                  // defaults
 * TokenMixer b = MixerRegistry.create("gla", new GlaMixer.Config(64, 4, true, 32, MixerForm.CHUNKED, 32, 16, 16));
 * MixerConfig c = MixerRegistry.defaults("performer", 64, 4, false);            // to inspect / tweak
 * }</pre>
 */
public final class MixerRegistry {

    /** How one id is built. */
    private record Entry<C extends MixerConfig>(
            Class<C> configType, Defaults<C> defaults, Function<C, TokenMixer> factory) {
        TokenMixer build(MixerConfig c) {
            return factory.apply(configType.cast(c));
        }
    }

    @FunctionalInterface
    private interface Defaults<C> {
        C of(int dim, int heads, boolean causal);
    }

    private static final Map<String, Entry<?>> ENTRIES = new LinkedHashMap<>();

    static {
        register("softmax", SoftmaxMixer.Config.class, SoftmaxMixer.Config::defaults, SoftmaxMixer::new);
        register("linear-elu", LinearEluMixer.Config.class, LinearEluMixer.Config::defaults, LinearEluMixer::new);
        register("retention", RetentionMixer.Config.class, RetentionMixer.Config::defaults, RetentionMixer::new);
        register("lightning", LightningMixer.Config.class, LightningMixer.Config::defaults, LightningMixer::new);
        register("gla", GlaMixer.Config.class, GlaMixer.Config::defaults, GlaMixer::new);
        register("deltanet", DeltaNetMixer.Config.class, DeltaNetMixer.Config::defaults, DeltaNetMixer::new);
        register("deltaproduct", DeltaProductMixer.Config.class, DeltaProductMixer.Config::defaults, DeltaProductMixer::new);
        register("gated-deltanet", GatedDeltaNetMixer.Config.class, GatedDeltaNetMixer.Config::defaults, GatedDeltaNetMixer::new);
        register("mamba2", Mamba2Mixer.Config.class, Mamba2Mixer.Config::defaults, Mamba2Mixer::new);
        register("mom", MomMixer.Config.class, MomMixer.Config::defaults, MomMixer::new);
        register("performer", PerformerMixer.Config.class, PerformerMixer.Config::defaults, PerformerMixer::new);
        register("transnormer", TransNormerMixer.Config.class, TransNormerMixer.Config::defaults, TransNormerMixer::new);
        register("hedgehog", HedgehogMixer.Config.class, HedgehogMixer.Config::defaults, HedgehogMixer::new);
        register("flowformer", FlowformerMixer.Config.class, FlowformerMixer.Config::defaults, FlowformerMixer::new);
        register("s4d", S4DMixer.Config.class, S4DMixer.Config::defaults, S4DMixer::new);
        register("s4", S4Mixer.Config.class, S4Mixer.Config::defaults, S4Mixer::new);
    }

    private MixerRegistry() {}

    private static <C extends MixerConfig> void register(
            String id, Class<C> type, Defaults<C> defaults, Function<C, TokenMixer> factory) {
        ENTRIES.put(id, new Entry<>(type, defaults, factory));
    }

    /** Registered ids, in registration order. */
    public static Set<String> ids() {
        return Collections.unmodifiableSet(ENTRIES.keySet());
    }

    /** The config record type of an id. */
    public static Class<? extends MixerConfig> configType(String id) {
        return entry(id).configType();
    }

    /** Default config of an id for the given width, heads and direction. */
    public static MixerConfig defaults(String id, int dim, int heads, boolean causal) {
        return entry(id).defaults().of(dim, heads, causal);
    }

    /** A mixer with default options. */
    public static TokenMixer create(String id, int dim, int heads, boolean causal) {
        return create(id, defaults(id, dim, heads, causal));
    }

    /** A mixer from its config record (which must be the id's record type). */
    public static TokenMixer create(String id, MixerConfig config) {
        Entry<?> e = entry(id);
        if (!e.configType().isInstance(config)) {
            throw new IllegalArgumentException("mixer '" + id + "' takes a " + e.configType().getName()
                    + ", got " + (config == null ? "null" : config.getClass().getName()));
        }
        return e.build(config);
    }

    private static Entry<?> entry(String id) {
        Entry<?> e = ENTRIES.get(id);
        if (e == null) {
            throw new IllegalArgumentException("unknown token mixer '" + id + "'; known ids: " + String.join(", ", ENTRIES.keySet()));
        }
        return e;
    }
}
