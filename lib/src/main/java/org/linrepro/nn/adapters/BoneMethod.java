package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * Bone / MiSS (Kang, arXiv 2409.15371; huggingface/peft tuners/bone): one trainable block of shape
 * (r, out_features) per adapted matrix, shared across the input's blocks of width r. Default r = 64 (PEFT's).
 */
public final class BoneMethod implements AdapterMethod {
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
        o.allowOnly(id());
        int r = o.rankOr(64);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : Targets.select(a, o.targetsOr(LoraMethod.QUERY_VALUE))) {
            if (s.in() % r != 0) {
                throw new LinreproException("bone: rank " + r + " must divide the input width " + s.in() + " of "
                        + s.name());
            }
            out.add(new ParameterSpec(s.name() + ".bone_block", r, s.out()));
        }
        return out;
    }
}
