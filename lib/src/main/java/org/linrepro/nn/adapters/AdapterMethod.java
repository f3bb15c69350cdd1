package org.linrepro.nn.adapters;

import java.util.List;

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

    /** The task head for {@code labels} classes; a probing method that brings its own head overrides this. */
    default List<ParameterSpec> head(Architecture a, AdapterOptions o, int labels) {
        return a.head(labels);
    }
}
