package org.linrepro.repro.glue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.linrepro.train.Adam;
import org.linrepro.train.TrainingDivergedException;

/**
 * Fine-tunes a pretrained encoder ({@link Backbone}: MiniLM-L6, or a local roberta-base) with one method on a
 * GLUE task (a seeded subset of train) with AdamW and a linear warm-up/decay schedule, then scores the task's
 * dev split with its official metric. The same settings and seed give the same numbers on the CPU, so results
 * are kept per JVM and reused when another claim asks for the very same run (same settings, seed and device).
 */
final class GlueFineTune {
    private GlueFineTune() {}

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

    private static final int CACHE_SIZE = 64;
    private static final Map<String, Result> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> e) {
            return size() > CACHE_SIZE;
        }
    };

    static BertWeights miniLmWeights() {
        return Backbone.byName("minilm-l6").weights();
    }

    /** The run for these settings, trained now or, when this JVM already trained it, the kept result. */
    static Result run(Settings s, DataRoot data, Device device, Progress progress) {
        String key = s + " on " + device + " with " + org.linrepro.run.CpuThreads.configured() + " threads";
        synchronized (CACHE) {
            Result r = CACHE.get(key);
            if (r != null) {
                return r;
            }
        }
        Result r = train(s, data, device, progress);
        synchronized (CACHE) {
            CACHE.put(key, r);
        }
        return r;
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
            Adam adam = s.decay().equals("matrices") ? Adam.decayingMatricesOnly(params, 0.9, 0.999, 1e-8, s.weightDecay())
                    : new Adam(params, 0.9, 0.999, 1e-8, s.weightDecay());
            double[] losses = new double[s.steps()];
            int[] perm = permutation(train.size(), order);
            int cursor = 0;
            int warmup = (int) Math.round(s.warmupRatio() * s.steps());
            org.linrepro.train.Schedule linear = s.schedule().equals("linear")
                    ? org.linrepro.train.Schedules.linearWarmupLinearDecay(s.steps(),
                            (int) Math.ceil(s.warmupRatio() * s.steps()), s.lr())
                    : null;
            progress.trainingStarts(s.method() + " seed " + s.seed(), trainable, (long) s.batch() * s.maxLength(),
                    s.steps()); // tokens: at most maxLength per example
            for (int step = 0; step < s.steps(); step++) {
                List<GlueExample> batch = new ArrayList<>();
                for (int i = 0; i < s.batch(); i++) {
                    if (cursor == perm.length) {
                        perm = permutation(train.size(), order);
                        cursor = 0;
                    }
                    batch.add(train.get(perm[cursor++]));
                }
                double lr = linear != null ? linear.at(step) : step < warmup ? s.lr() * (step + 1) / warmup
                        : s.lr() * Math.max(0, (double) (s.steps() - step) / Math.max(1, s.steps() - warmup));
                try (NDManager sm = m.newSubManager()) {
                    Tokenized t = tokenize(tok, batch, task, enc.config());
                    NDArray mask = t.maskArray(sm);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = head.forward(enc.forward(t.idsArray(sm), t.typeIdsArray(sm), mask), mask);
                        NDArray loss = loss(logits, batch, task, sm);
                        losses[step] = loss.getFloat();
                        TrainingDivergedException.check(s.method() + " training loss", step, losses[step]);
                        gc.backward(loss);
                    }
                    if (s.clip() > 0) {
                        TrainingDivergedException.check(s.method() + " gradient norm", step, adam.clipGradients(s.clip()));
                    }
                    adam.step(lr);
                }
                progress.update(s.method() + " seed " + s.seed(), step + 1, s.steps(), Map.of("loss", losses[step]));
            }
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
        int[] p = permutation(all.size(), rng);
        List<GlueExample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(all.get(p[i]));
        }
        return out;
    }

    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
