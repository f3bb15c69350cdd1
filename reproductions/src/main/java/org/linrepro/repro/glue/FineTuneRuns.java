package org.linrepro.repro.glue;

import ai.djl.Device;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.claim.FigureData;
import org.linrepro.run.Progress;
import org.linrepro.data.DataRoot;
import org.linrepro.data.glue.GlueTask;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.run.CpuThreads;

/**
 * Short fine-tuning runs of MiniLM for notebooks: several methods on one task with one seed, their training-loss
 * curves as a figure and their dev metrics. The same training code the claims run ({@link GlueFineTune}).
 */
public final class FineTuneRuns {
    private FineTuneRuns() {}

    /** One method's arm: id, learning rate, rank (0 = none). */
    public record Arm(String method, double lr, int rank) {}

    /** Per-arm dev metrics and trainable counts, and the loss curves. */
    public record Outcome(Map<String, Map<String, Double>> dev, Map<String, Long> trainableBackbone, FigureData curves) {}

    public static Outcome run(String task, int steps, int batch, int evalSize, long seed, List<Arm> arms) {
        return run(task, steps, batch, evalSize, seed, arms, Progress.NONE);
    }

    /** {@link #run(String, int, int, int, long, List)} reporting each arm's training to {@code progress}. */
    public static Outcome run(String task, int steps, int batch, int evalSize, long seed, List<Arm> arms,
            Progress progress) {
        GlueTask t = GlueTask.byName(task);
        DataRoot data = DataRoot.fromEnvironment();
        Map<String, Map<String, Double>> dev = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        FigureData.Builder fig = FigureData.builder("glue-notebook-" + task.toLowerCase() + "-loss",
                "Training loss on " + task + " (MiniLM-L6, seed " + seed + ")").axes("step", "training loss");
        try (CpuThreads threads = CpuThreads.limit(Device.cpu(), CpuThreads.configured())) {
            for (Arm a : arms) {
                AdapterOptions o = new AdapterOptions(a.rank(), List.of(), Map.of());
                if (a.method().equals("lora")) {
                    o = o.with("alpha", 2.0 * a.rank());
                }
                GlueFineTune.Settings s = new GlueFineTune.Settings("minilm-l6", t, a.method(), o, 0, steps, batch,
                        a.lr(), 64, evalSize, 0.06, 0.1, seed);
                GlueFineTune.Result r = GlueFineTune.run(s, data, Device.cpu(), progress);
                double[] x = new double[steps];
                for (int i = 0; i < steps; i++) {
                    x[i] = i + 1;
                }
                fig.series(a.method() + " (lr " + a.lr() + ")", x, r.losses(), FigureData.Style.LINE);
                dev.put(a.method(), r.dev());
                counts.put(a.method(), r.trainable() - r.headParameters());
            }
        }
        return new Outcome(dev, counts, fig.build());
    }
}
