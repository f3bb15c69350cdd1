package org.linrepro.plan;

import java.util.ArrayList;
import java.util.List;
import org.linrepro.claim.Claim;
import org.linrepro.claim.Config;

/**
 * The training runs one claim's experiment performs, as a pilot needs to know them: a pilot times the first run an
 * experiment starts and then stops it, so an experiment that trains several models is split here. The one home of
 * this knowledge about experiments; everything else about a run the pilot learns from the run itself.
 */
final class TrainingRuns {
    /** Run {@code experiment} with {@code config}; {@code times} runs of about this cost (see {@code note}). */
    record Part(String experiment, Config config, int times, String note) {}

    private TrainingRuns() {}

    static List<Part> of(Claim c) {
        Config cfg = c.config();
        switch (c.experiment()) {
            case "lra.average": {
                // Each entry of "runs" is a complete lra.train config (LraTraining.average): pilot each.
                List<Part> out = new ArrayList<>();
                List<Config> runs = cfg.objects("runs");
                for (int i = 0; i < runs.size(); i++) {
                    out.add(new Part("lra.train", runs.get(i), 1, "runs[" + i + "] " + runs.get(i).text("task")));
                }
                return out.isEmpty() ? List.of(new Part(c.experiment(), cfg, 1, "")) : out;
            }
            case "lm.mixerGap":
            case "lra.compare":
                return List.of(new Part(c.experiment(), cfg, 2,
                        "trains two models; the first is timed, the second assumed to cost the same"));
            default:
                return List.of(new Part(c.experiment(), cfg, 1, ""));
        }
    }
}
