package org.linrepro.claim;

import java.util.List;
import java.util.Map;

/**
 * One research line (ICL, LRA, WikiText, GLUE adapters) plugs in through this service interface
 * ({@code META-INF/services/org.linrepro.claim.ExperimentProvider}): its claim files, its experiments (each with
 * its config spec) and the reference functions its claims name.
 */
public interface ExperimentProvider {
    /** Short line id, e.g. {@code icl}. */
    String line();

    /** Classpath resources of the line's claim files, one per paper, e.g. {@code claims/icl/2307.03576.json} (laid out as {@code claims/<line>/<arxiv>.json}). */
    List<String> claimFiles();

    /** Experiments by name, e.g. {@code icl.oneStepGdMonteCarlo}. Names are global, so prefix with the line. */
    Map<String, Experiment> experiments();

    /** Reference functions by name, e.g. {@code icl.optimalLoss}; prefixed with the line like experiments. */
    default Map<String, ReferenceFunction> references() {
        return Map.of();
    }
}
