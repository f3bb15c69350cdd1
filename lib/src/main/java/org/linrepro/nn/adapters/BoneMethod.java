package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * Bone / MiSS (Kang, arXiv 2409.15371; huggingface/peft tuners/bone): one trainable block of shape
 * (r, out_features) per adapted matrix, shared across the input's blocks of width r. Default r = 64 (PEFT's) on
 * query and value.
 */
public final class BoneMethod extends TargetedMethod<BoneMethod.Options> {
    /** Bone's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets) implements Targeted {
        public static Options of(AdapterOptions o) {
            o.allowOnly("bone");
            return new Options(o.rankOr(64), o.targetsOr(LoraMethod.QUERY_VALUE));
        }
    }

    public BoneMethod() {
        super("bone",
                "one (r × out) block per matrix, applied to each input block of width r",
                "huggingface/peft tuners/bone/layer.py (bone_block zeros(r, out_features)), MiSS successor",
                Options::of);
    }

    @Override
    protected List<ParameterSpec> specs(LinearSite s, Options p) {
        if (s.in() % p.rank() != 0) {
            throw new LinreproException("bone: rank " + p.rank() + " must divide the input width " + s.in() + " of "
                    + s.name());
        }
        return List.of(new ParameterSpec(s.name() + ".bone_block", p.rank(), s.out()));
    }

    @Override
    protected LinearMap layer(Dense d, Options p, Random rng) {
        return new BoneLinear(d, p.rank());
    }
}
