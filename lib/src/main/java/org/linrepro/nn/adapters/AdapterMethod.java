package org.linrepro.nn.adapters;

import java.util.List;
import java.util.Random;

/**
 * One parameter-efficient fine-tuning method: what it trains on a given architecture. The trainable tensors are
 * listed with their shapes, so a count is the sum of real shapes (the same shapes the DJL layers allocate).
 */
public interface AdapterMethod {
    String id();

    /** One line: what the method trains and where. */
    String summary();

    /** Where the structure comes from (paper, official code) and what of it is unverified. */
    String source();

    /** The trainable tensors the method adds to or unfreezes in the backbone; the task head is not included. */
    List<ParameterSpec> trainable(Architecture a, AdapterOptions o);

    /**
     * Installs the method on {@code enc} in place, reading the same options and defaults as {@link #trainable}, so
     * the arrays it makes trainable have the counted shapes.
     *
     * @param calibration the inputs each site sees on calibration data, for a data-driven start (EVA); or null
     */
    void install(AdaptableEncoder enc, AdapterOptions o, Random rng, SiteInputs calibration);

    /** False for a method that is only a task head (Moment Probing): nothing to install on the encoder. */
    default boolean adaptsEncoder() {
        return true;
    }

    /** The task head for {@code labels} classes; a probing method that brings its own head overrides this. */
    default List<ParameterSpec> head(Architecture a, AdapterOptions o, int labels) {
        return a.head(labels);
    }
}
