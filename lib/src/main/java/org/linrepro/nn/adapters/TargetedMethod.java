package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A method that adapts each target linear map on its own (LoRA, PiSSA, NOLA, Hydra, Bone, HUT, FLoRA, NLoRA,
 * LoRA-SB): its options name the targets; at each target site it adds {@link #specs} tensors and puts
 * {@link #layer} in place of the frozen map. Counting and installing are written here once, so both visit the same
 * sites with the same options; a method says only what is its own.
 *
 * @param <P> the method's options record (its defaults and accepted options)
 */
public abstract class TargetedMethod<P extends TargetedMethod.Targeted> extends AdapterMethod {
    /** Options that name the target maps. */
    public interface Targeted {
        List<String> targets();
    }

    private final Function<AdapterOptions, P> options;

    /**
     * @param options reads the method's options record: its defaults filled in, an option it does not take refused
     *     (the record's {@code of}); counting and installing both read it
     */
    protected TargetedMethod(String id, String summary, String source, Function<AdapterOptions, P> options) {
        super(id, summary, source);
        this.options = options;
    }

    /** The tensors the method trains at one site: the shapes {@link #layer} allocates. */
    protected abstract List<ParameterSpec> specs(LinearSite s, P p);

    /** The adapted layer in place of the frozen map {@code d}. */
    protected abstract LinearMap layer(Dense d, P p, Random rng);

    @Override
    public final List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        P p = options.apply(o);
        return Targets.perSite(a, p.targets(), s -> specs(s, p));
    }

    @Override
    public final void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        P p = options.apply(o);
        enc.wrap(id(), enc.sites(p.targets()), d -> layer(d, p, rng));
    }
}
