package org.linrepro.data;

import org.linrepro.util.LinreproException;

/**
 * An input a claim needs is not on this machine (e.g. a local model checkpoint named by an environment variable).
 * The claim runner reports the claim as "no data" with this message, like a missing dataset: it says what is
 * missing and how to provide it, and is not an error of the experiment.
 */
public class MissingInputException extends LinreproException {
    public MissingInputException(String message) {
        super(message);
    }
}
