package org.linrepro.claim;

/** A function from (config, seed, device) to measurements. Registered by name through {@link ExperimentProvider}. */
@FunctionalInterface
public interface Experiment {
    Measurement run(RunContext context) throws Exception;
}
