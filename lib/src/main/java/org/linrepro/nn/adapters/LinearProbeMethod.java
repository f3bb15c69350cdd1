package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/** Linear probing: the backbone is frozen; only the task head trains (count it with the head). */
public final class LinearProbeMethod implements AdapterMethod {
    @Override
    public String id() {
        return "linear-probe";
    }

    @Override
    public String summary() {
        return "nothing in the backbone; the task head only";
    }

    @Override
    public String source() {
        return "baseline";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id());
        return List.of();
    }

    /** Nothing: the encoder stays frozen. */
    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        o.allowOnly(id());
    }
}
