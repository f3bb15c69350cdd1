package org.linrepro.nn.adapters;

import java.util.List;

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
}
