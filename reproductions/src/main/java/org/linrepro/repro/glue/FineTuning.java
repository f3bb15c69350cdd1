package org.linrepro.repro.glue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.linrepro.run.Progress;
import org.linrepro.data.DataRoot;
import org.linrepro.data.glue.GlueData;
import org.linrepro.data.glue.GlueExample;
import org.linrepro.data.glue.GlueTask;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.bert.BertAdapters;
import org.linrepro.nn.bert.BertConfig;
import org.linrepro.nn.bert.BertEncoder;
import org.linrepro.nn.bert.BertTokenizer;
import org.linrepro.nn.bert.BertWeights;
import org.linrepro.nn.bert.ClassifierHead;
import org.linrepro.nn.bert.Tokenized;
import org.linrepro.run.RunCache;
import org.linrepro.train.AdamSettings;
import org.linrepro.train.EpochBatches;
import org.linrepro.train.Objective;
import org.linrepro.train.Schedule;
import org.linrepro.train.Schedules;
import org.linrepro.train.TrainingLoop;
import org.linrepro.train.TrainingSettings;

/**
 * Fine-tunes a pretrained encoder ({@link Backbone}: MiniLM-L6, or a local roberta-base) with one method on a
 * GLUE task (a seeded subset of train) with AdamW and a linear warm-up/decay schedule (on the one
 * {@link TrainingLoop}), then scores the task's
 * dev split with its official metric. The same settings and seed give the same numbers on the CPU, so results
 * are kept per JVM and reused when another claim asks for the very same run (same settings, seed and device).
 */
final class FineTuning {
    private FineTuning() {}

    /**
     * @param schedule {@code legacy} (warm-up counted from step + 1, as the quick tier was measured) or {@code linear}
     *                 (Hugging Face get_linear_schedule_with_warmup, warm-up ⌈ratio·steps⌉: the LoRA NLU scripts)
     * @param clip     global gradient-norm clip (the Hugging Face Trainer's max_grad_norm 1.0); 0 = none
     * @param decay    {@code all} trainable tensors or {@code matrices} only (the Hugging Face Trainer exempts biases
     *                 and LayerNorm weights)
     */
    record Settings(String model, GlueTask task, String method, AdapterOptions options, int trainSize, int steps, int batch,
            double lr, int maxLength, int evalSize, double warmupRatio, double weightDecay, long seed, String schedule,
            double clip, String decay) {
        Settings {
            if (!schedule.equals("legacy") && !schedule.equals("linear")) {
                throw new org.linrepro.util.LinreproException("GLUE fine-tuning: schedule must be legacy or linear, got '"
                        + schedule + "'");
            }
            if (!decay.equals("all") && !decay.equals("matrices")) {
                throw new org.linrepro.util.LinreproException("GLUE fine-tuning: decay must be all or matrices, got '"
                        + decay + "'");
            }
        }

        Settings(String model, GlueTask task, String method, AdapterOptions options, int trainSize, int steps, int batch,
                double lr, int maxLength, int evalSize, double warmupRatio, double weightDecay, long seed) {
            this(model, task, method, options, trainSize, steps, batch, lr, maxLength, evalSize, warmupRatio, weightDecay,
                    seed, "legacy", 0.0, "all");
        }

        Settings withSchedule(String name, double clipNorm) {
            return new Settings(model, task, method, options, trainSize, steps, batch, lr, maxLength, evalSize,
                    warmupRatio, weightDecay, seed, name, clipNorm, decay);
        }

        Settings withDecay(String which) {
            return new Settings(model, task, method, options, trainSize, steps, batch, lr, maxLength, evalSize,
                    warmupRatio, weightDecay, seed, schedule, clip, which);
        }
    }

    /** Per-step training losses, dev metrics, the trainable count (head included) and the wall time. */
    record Result(double[] losses, Map<String, Double> dev, long trainable, long headParameters, double seconds) {
        double meanLoss(int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += losses[i];
            }
            return s / (to - from);
        }
    }

    static BertWeights miniLmWeights() {
        return Backbone.byName("minilm-l6").weights();
    }

    /** The run for these settings, trained now or, when this JVM already trained it, the kept result. */
    static Result run(Settings s, DataRoot data, Device device, Progress progress) {
        String key = s + " on " + device + " with " + org.linrepro.run.CpuThreads.configured() + " threads";
        return RunCache.get("glue.fineTuning", key, () -> train(s, data, device, progress));
    }

    private static Result train(Settings s, DataRoot data, Device device, Progress progress) {
        long t0 = System.nanoTime();
        Backbone backbone = Backbone.byName(s.model());
        GlueTask task = s.task();
        List<GlueExample> train = subset(GlueData.load(data, task, GlueData.Split.TRAIN), s.trainSize(),
                new Random(s.seed()));
        List<GlueExample> dev = subset(GlueData.load(data, task, GlueData.Split.DEV), s.evalSize(), new Random(0));
        // Separate streams: both arms of a comparison see the same batches whatever their initialisation draws.
        Random rng = new Random(s.seed() * 17 + 3);
        Random order = new Random(s.seed() * 31 + 7);
        Engine.getInstance().setRandomSeed((int) (s.seed() & 0x7fffffff));
        try (BertTokenizer tok = backbone.tokenizer(s.maxLength());
                NDManager m = NDManager.newBaseManager(device);
                BertEncoder enc = new BertEncoder(m, backbone.config(), backbone.weights())) {
            BertAdapters.install(enc, s.method(), s.options(), rng);
            int labels = task.regression() ? 1 : task.labels();
            ClassifierHead head = new ClassifierHead(m, enc.config().hidden(), labels, new Random(s.seed() * 13 + 5),
                    backbone.pooling());
            List<NDArray> params = new ArrayList<>(enc.trainable());
            params.addAll(head.trainable());
            long trainable = params.stream().mapToLong(a -> a.getShape().size()).sum();
            AdamSettings adam = s.decay().equals("matrices") ? AdamSettings.decayingMatricesOnly(0.9, 0.999, 1e-8,
                    s.weightDecay()) : AdamSettings.of(0.9, 0.999, 1e-8, s.weightDecay());
            int warmup = (int) Math.round(s.warmupRatio() * s.steps());
            Schedule schedule = s.schedule().equals("linear")
                    ? Schedules.linearWarmupLinearDecay(s.steps(), (int) Math.ceil(s.warmupRatio() * s.steps()), s.lr())
                    : step -> step < warmup ? s.lr() * (step + 1) / warmup
                            : s.lr() * Math.max(0, (double) (s.steps() - step) / Math.max(1, s.steps() - warmup));
            TrainingSettings t = TrainingSettings.of(s.method() + " seed " + s.seed(), s.steps(), adam, schedule)
                    .withClipNorm(s.clip()).withProgressEvery(1);
            Objective<List<GlueExample>> objective = new Objective<>() {
                private final EpochBatches<GlueExample> batches = new EpochBatches<>(train, s.batch(), order::nextInt);

                @Override
                public List<GlueExample> batch(NDManager manager, int step) {
                    return batches.next();
                }

                @Override
                public long tokens(List<GlueExample> batch) {
                    return (long) s.batch() * s.maxLength(); // at most maxLength per example
                }

                @Override
                public NDArray loss(NDManager sm, List<GlueExample> batch, int index, int count) {
                    List<GlueExample> part = count == 1 ? batch
                            : batch.subList(index * batch.size() / count, (index + 1) * batch.size() / count);
                    Tokenized tk = tokenize(tok, part, task, enc.config());
                    NDArray mask = tk.maskArray(sm);
                    NDArray logits = head.forward(enc.forward(tk.idsArray(sm), tk.typeIdsArray(sm), mask), mask);
                    return FineTuning.loss(logits, part, task, sm);
                }
            };
            double[] losses = TrainingLoop.run(m, params, objective, t, progress).losses();
            Map<String, Double> scores = evaluate(enc, head, tok, dev, task, m);
            return new Result(losses, scores, trainable, head.parameterCount(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private static NDArray loss(NDArray logits, List<GlueExample> batch, GlueTask task, NDManager m) {
        float[] y = new float[batch.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) batch.get(i).label();
        }
        NDArray target = m.create(y);
        if (task.regression()) {
            return logits.reshape(-1).sub(target).square().mean();
        }
        NDArray oneHot = target.toType(DataType.INT64, false).oneHot(task.labels());
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean();
    }

    static Map<String, Double> evaluate(BertEncoder enc, ClassifierHead head, BertTokenizer tok,
            List<GlueExample> dev, GlueTask task, NDManager m) {
        int n = dev.size();
        double[] scores = new double[n];
        int[] pred = new int[n];
        // Batches of similar length waste little on padding; predictions go back to their rows.
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> textLength(dev.get(i))));
        for (int from = 0; from < n; from += 64) {
            List<GlueExample> b = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + 64); i++) {
                b.add(dev.get(order[i]));
            }
            try (NDManager sm = m.newSubManager()) {
                Tokenized t = tokenize(tok, b, task, enc.config());
                NDArray mask = t.maskArray(sm);
                NDArray logits = head.forward(enc.forward(t.idsArray(sm), t.typeIdsArray(sm), mask), mask);
                if (task.regression()) {
                    float[] v = logits.reshape(-1).toFloatArray();
                    for (int i = 0; i < v.length; i++) {
                        scores[order[from + i]] = v[i];
                    }
                } else {
                    long[] a = logits.argMax(1).toLongArray();
                    for (int i = 0; i < a.length; i++) {
                        pred[order[from + i]] = (int) a[i];
                    }
                }
            }
        }
        if (task.regression()) {
            return task.metric().regression(scores, dev.stream().mapToDouble(GlueExample::label).toArray());
        }
        return task.metric().classification(pred, dev.stream().mapToInt(GlueExample::classLabel).toArray());
    }

    private static int textLength(GlueExample e) {
        return e.first().length() + (e.second() == null ? 0 : e.second().length());
    }

    private static Tokenized tokenize(BertTokenizer tok, List<GlueExample> b, GlueTask task, BertConfig c) {
        List<String> first = b.stream().map(GlueExample::first).toList();
        List<String> second = task.pair() ? b.stream().map(GlueExample::second).toList() : null;
        Tokenized t = tok.encode(first, second);
        if (c.typeVocab() == 1) {
            // RoBERTa has one token type; whatever the tokenizer's post-processor says, every id is 0
            for (long[] row : t.typeIds()) {
                java.util.Arrays.fill(row, 0);
            }
        }
        return t;
    }

    /** A seeded random subset of {@code size} rows (all rows, in file order, when size ≤ 0 or ≥ the split). */
    static List<GlueExample> subset(List<GlueExample> all, int size, Random rng) {
        if (size <= 0 || size >= all.size()) {
            return all;
        }
        int[] p = EpochBatches.permutation(all.size(), rng::nextInt);
        List<GlueExample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(all.get(p[i]));
        }
        return out;
    }
}
