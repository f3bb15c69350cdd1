package org.linrepro.nn.adapters;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.util.LinreproException;

/**
 * SSF (Lian et al., arXiv 2210.08823): a per-channel scale and shift after every linear map and every
 * normalisation site (official code: after qkv, proj, fc1, fc2, norm1, norm2, the patch embedding and the final
 * norm of a ViT), 2·width parameters each. No options.
 */
public final class SsfMethod implements AdapterMethod {
    private static final List<String> EVERY_LINEAR = List.of("query", "key", "value", "attn-out", "ffn-in", "ffn-out");

    @Override
    public String id() {
        return "ssf";
    }

    @Override
    public String summary() {
        return "scale and shift (2 × width) after every linear map and normalisation";
    }

    @Override
    public String source() {
        return "dongzelian/SSF models/vision_transformer.py (init_ssf_scale_shift placement)";
    }

    public static List<ParameterSpec> shapes(String prefix, int dim) {
        return List.of(new ParameterSpec(prefix + ".ssf_scale", dim), new ParameterSpec(prefix + ".ssf_shift", dim));
    }

    private void check(AdapterOptions o) {
        o.allowOnly(id());
        if (o.rank() > 0 || !o.targets().isEmpty()) {
            throw new LinreproException("ssf adapts every linear and norm: no --rank or --targets");
        }
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        check(o);
        List<ParameterSpec> out = new ArrayList<>();
        for (LinearSite s : a.linears()) {
            out.addAll(shapes(s.name(), s.out()));
        }
        for (NormSite n : a.norms()) {
            out.addAll(shapes(n.module(), n.dim()));
        }
        return out;
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        check(o);
        enc.wrap(id(), enc.sites(EVERY_LINEAR), d -> new SsfLinear(d, rng));
        for (int site = 0; site < enc.normSites(); site++) {
            enc.setNormAdapter(site, new SsfLinear.ScaleShift(enc.manager(), enc.shape().hidden(), rng));
        }
    }
}
