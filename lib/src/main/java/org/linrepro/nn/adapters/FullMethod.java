package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Random;

/** Full fine-tuning: every backbone parameter trains. */
public final class FullMethod implements AdapterMethod {
    @Override
    public String id() {
        return "full";
    }

    @Override
    public String summary() {
        return "every parameter of the pretrained model";
    }

    @Override
    public String source() {
        return "architecture shapes (config.json)";
    }

    @Override
    public List<ParameterSpec> trainable(Architecture a, AdapterOptions o) {
        o.allowOnly(id());
        return a.backbone();
    }

    @Override
    public void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration) {
        o.allowOnly(id());
        for (int i = 0; i < enc.shape().layers(); i++) {
            for (Role role : Role.values()) {
                ((Dense) enc.linear(i, role)).trainable(true);
            }
        }
        for (NDArray a : enc.nonLinearParameters()) {
            a.setRequiresGradient(true);
        }
    }
}
