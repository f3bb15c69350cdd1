package org.linrepro.run;

import java.util.Map;

/** Progress of long work (training, Monte-Carlo): the CLI shows a live line, tests print sparse lines. */
public interface Progress {
    /**
     * @param phase   what is running ("train", "evaluate", "monte-carlo")
     * @param step    steps done
     * @param total   steps planned
     * @param metrics named numbers to show (loss, accuracy, tokens/s)
     */
    void update(String phase, long step, long total, Map<String, Double> metrics);

    /** Called once when the work of one claim is finished (clears a live line). */
    default void done() {}

    Progress NONE = (phase, step, total, metrics) -> { };
}
