package org.linrepro.claim;

import java.io.Serializable;

/**
 * A registered formula a claim's reference names instead of typing a number or free text, e.g.
 * {@code icl.optimalLoss(d, n, noise)}: its arguments are checked like a config ({@code args}), and
 * {@link ClaimRunner} evaluates it apart from the experiment. Registered by name through
 * {@link ExperimentProvider#references()}.
 *
 * @param help one line: what the value is (for explain and list)
 */
public record ReferenceFunction(String name, ConfigSpec args, String help, Body body) {

    /** The formula. {@code run} gives the seed and device, for references computed from generated or real data. */
    @FunctionalInterface
    public interface Body extends Serializable {
        double apply(Config args, RunContext run) throws Exception;
    }

    public static ReferenceFunction of(String name, ConfigSpec args, String help, Body body) {
        return new ReferenceFunction(name, args, help, body);
    }

    /** The code that computes it (class, and method for a method reference), for explain. */
    public String implementation() {
        return LambdaNames.of(body);
    }
}
