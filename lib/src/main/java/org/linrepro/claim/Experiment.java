package org.linrepro.claim;

import java.io.Serializable;

/**
 * A function from (config, seed, device) to measurements, with the spec of the config it accepts. Registered by
 * name through {@link ExperimentProvider}: {@code Experiment.of(SPEC, IclExperiments::closedForm)}.
 */
public final class Experiment {
    /** The experiment's code. Serializable only so that {@link #implementation()} can name the method. */
    @FunctionalInterface
    public interface Body extends Serializable {
        Measurement run(RunContext context) throws Exception;
    }

    private final ConfigSpec spec;
    private final Body body;

    private Experiment(ConfigSpec spec, Body body) {
        this.spec = spec;
        this.body = body;
    }

    public static Experiment of(ConfigSpec spec, Body body) {
        return new Experiment(spec, body);
    }

    public ConfigSpec spec() {
        return spec;
    }

    public Measurement run(RunContext context) throws Exception {
        return body.run(context);
    }

    /** The method that runs it, e.g. {@code org.linrepro.repro.icl.IclExperiments.closedForm}, for explain. */
    public String implementation() {
        return LambdaNames.of(body);
    }
}
