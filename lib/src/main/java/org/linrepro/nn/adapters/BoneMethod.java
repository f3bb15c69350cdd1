package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * Bone / MiSS (Kang, arXiv 2409.15371; huggingface/peft tuners/bone): one trainable block of shape
 * (r, out_features) per adapted matrix, shared across the input's blocks of width r. Default r = 64 (PEFT's) on
 * query and value.
 */
public final class BoneMethod implements AdapterMethod {
    /** Bone's choices and their defaults, read once for the count and the layers. */
    public record Options(int rank, List<String> targets) {
        public static Options of(AdapterOptions o) {
            o.allowOnly("bone");
            return new Options(o.rankOr(64), o.targetsOr(LoraMethod.QUERY_VALUE));
        }
    }

    @Override
    public String id() {
        return "bone";
    }

    @Override
    public String summary() {
        return "one (r × out) block per matrix, applied to each input block of width r";
    }

    @Override
    public String source() {
        return "huggingface/peft tuners/bone/layer.py (bone_block zeros(r, out_features)), MiSS successor";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        Options p = Options.of(o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, p.targets())) {
            if (s.in() % p.rank() != 0) {
                throw new LinreproException("bone: rank " + p.rank() + " must divide the input width " + s.in()
                        + " of " + s.name());
            }
            out.add(new ParameterSpec(s.name() + ".bone_block", p.rank(), s.out()));
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        Options p = Options.of(o);
        enc.wrap(id(), enc.sites(p.targets()), d -> new BoneLinear(d, p.rank()));
    }
}
