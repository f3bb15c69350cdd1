package org.linrepro.repro.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.numbers;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.run.Progress;
import org.linrepro.data.lm.FrequentWords;
import org.linrepro.data.lm.TokenizedCorpus;
import org.linrepro.data.lm.WikiTextCorpora;
import org.linrepro.eval.Perplexity;
import org.linrepro.nn.lm.LanguageModel;
import org.linrepro.nn.lm.LmConfig;
import org.linrepro.run.CpuThreads;
import org.linrepro.train.LmTrainer;

/**
 * One trained language model per (setup, mixer, seed), evaluated on a fixed prefix of the validation split.
 * Several claims compare the same runs (softmax vs linear, TransNormer vs linear), so runs are memoised for the
 * life of the JVM: {@code ./linrepro reproduce} of the whole line trains each model once.
 */
public final class LmRuns {

    /** What every model of a comparison shares; read from a claim's config. */
    public record Setup(String dataset, int vocab, int trainTokens, int dim, int layers, int heads, int length, int batch,
            int steps, double lr, int evalTokens, String norm, String channel, String positions, int threads,
            int ffnDim, double dropout, String schedule, int warmup, double clip, int checkpointEvery,
            int accumulate, List<Integer> adaptiveCutoffs, double adaptiveFactor) {

        /** The keys of a setup (a claim's config), with their defaults. */
        public static final ConfigSpec SPEC = ConfigSpec.of(
                text("dataset", "corpus").choices("wikitext-2", "wikitext-103").byDefault("wikitext-2"),
                integer("vocab", "keep the most frequent words, the rest become <unk> (0 = full vocabulary)")
                        .byDefault(0),
                integer("trainTokens", "train on this prefix of the train split (0 = all)").unit("tokens")
                        .byDefault(0),
                integer("dim", "model width"),
                integer("layers", "decoder layers"),
                integer("heads", "attention heads (divide dim)"),
                integer("length", "training context length").unit("tokens"),
                integer("batch", "sequences per step"),
                integer("steps", "optimizer steps"),
                number("lr", "peak learning rate"),
                integer("evalTokens", "validation prefix scored (0 = whole split)").unit("tokens"),
                text("norm", "normalisation (LmConfig.Norm)").byDefault("LAYER"),
                text("channel", "channel mixer (LmConfig.Channel)").byDefault("MLP"),
                text("positions", "position encoding (LmConfig.Positions)").byDefault("LEARNED"),
                integer("threads", "intra-op CPU threads of these runs").byDefault(1),
                integer("ffnDim", "feed-forward width").derived("4 · dim", c -> 4 * c.integer("dim")),
                number("dropout", "dropout rate in [0, 1)").byDefault(0.0),
                text("schedule", "learning-rate schedule: cosine, inverseSqrt (warm-up from step + 1) or fairseqInverseSqrt (fairseq inverse_sqrt from 1e-7)").choices("cosine", "inverseSqrt", "fairseqInverseSqrt")
                        .byDefault("cosine"),
                integer("warmup", "linear warm-up").unit("steps")
                        .derived("max(1, steps / 10)", c -> Math.max(1, c.integer("steps") / 10)),
                number("clip", "gradient-norm clip").byDefault(1.0),
                integer("checkpointEvery", "checkpoint every this many steps (0 = never)").byDefault(0),
                integer("accumulate", "micro-batches per step (divides batch)").byDefault(1),
                numbers("adaptiveCutoffs", "adaptive-softmax cluster cutoffs (word ranks); absent = full softmax")
                        .optional(),
                number("adaptiveFactor", "adaptive softmax: width divisor per cluster").byDefault(4.0));

        public static Setup of(Config c) {
            List<Integer> cutoffs = new java.util.ArrayList<>();
            if (c.has("adaptiveCutoffs")) {
                for (double v : c.numbers("adaptiveCutoffs")) {
                    c.check(v == Math.rint(v) && v >= 1, "adaptiveCutoffs", "must be positive integers");
                    cutoffs.add((int) v);
                }
            }
            Setup s = new Setup(c.text("dataset"), c.integer("vocab"), c.integer("trainTokens"),
                    c.integer("dim"), c.integer("layers"), c.integer("heads"), c.integer("length"),
                    c.integer("batch"), c.integer("steps"), c.number("lr"), c.integer("evalTokens"),
                    c.text("norm"), c.text("channel"), c.text("positions"),
                    c.integer("threads"), c.integer("ffnDim"), c.number("dropout"),
                    c.text("schedule"), c.integer("warmup"),
                    c.number("clip"), c.integer("checkpointEvery"), c.integer("accumulate"),
                    List.copyOf(cutoffs), c.number("adaptiveFactor"));
            c.check(s.accumulate >= 1 && s.batch % s.accumulate == 0, "accumulate",
                    "must be ≥ 1 and divide the batch (micro-batches per step)");
            c.check(s.adaptiveFactor >= 1, "adaptiveFactor", "must be ≥ 1");
            c.check(s.schedule.equals("cosine") || s.schedule.equals("inverseSqrt")
                    || s.schedule.equals("fairseqInverseSqrt"), "schedule", "must be cosine, inverseSqrt or fairseqInverseSqrt");
            c.check(s.dropout >= 0 && s.dropout < 1, "dropout", "must be in [0, 1)");
            c.check(s.ffnDim >= 1 && s.warmup >= 0 && s.checkpointEvery >= 0, "ffnDim",
                    "needs ffnDim ≥ 1, warmup ≥ 0, checkpointEvery ≥ 0");
            c.check(s.vocab == 0 || s.vocab >= 2, "vocab", "must be 0 (full vocabulary) or ≥ 2");
            c.check(s.trainTokens >= 0, "trainTokens", "must be 0 (whole split) or a positive prefix length");
            c.check(s.dim >= 1 && s.layers >= 1 && s.heads >= 1 && s.dim % s.heads == 0, "dim",
                    "needs dim, layers, heads ≥ 1 and heads dividing dim");
            c.check(s.length >= 2 && s.batch >= 1 && s.steps >= 1, "length", "needs length ≥ 2, batch and steps ≥ 1");
            c.check(s.lr > 0, "lr", "must be > 0");
            c.check(s.evalTokens == 0 || s.evalTokens >= 2, "evalTokens", "must be 0 (whole valid split) or ≥ 2");
            for (String[] kv : new String[][] {{"norm", s.norm}, {"channel", s.channel}, {"positions", s.positions}}) {
                c.check(valid(kv[0], kv[1]), kv[0], "is not a known option (" + kv[1] + ")");
            }
            return s;
        }

        private static boolean valid(String key, String v) {
            try {
                switch (key) {
                    case "norm" -> LmConfig.Norm.valueOf(v);
                    case "channel" -> LmConfig.Channel.valueOf(v);
                    default -> LmConfig.Positions.valueOf(v);
                }
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** Tied input/output embeddings, or an untied adaptive softmax when {@code adaptiveCutoffs} is given. */
        LmConfig model(int vocabSize, String mixer) {
            return new LmConfig(vocabSize, dim, layers, heads, mixer, length, ffnDim, LmConfig.Norm.valueOf(norm),
                    LmConfig.Channel.valueOf(channel), LmConfig.Positions.valueOf(positions), adaptiveCutoffs.isEmpty(),
                    dropout, adaptiveCutoffs, adaptiveFactor);
        }

        /** The training settings; long (paper-tier) runs checkpoint under the cache folder and resume from it. */
        LmTrainer.Settings training(String mixer, long seed) {
            LmTrainer.Settings t = new LmTrainer.Settings(steps, batch, length, lr, warmup,
                    switch (schedule) {
                        case "cosine" -> LmTrainer.Schedule.COSINE;
                        case "fairseqInverseSqrt" -> LmTrainer.Schedule.FAIRSEQ_INVERSE_SQRT;
                        default -> LmTrainer.Schedule.INVERSE_SQRT;
                    }, clip,
                    0.01, 0.9, 0.98, seed, null, 0, "", accumulate);
            if (checkpointEvery == 0) {
                return t;
            }
            String hash = Integer.toHexString((this + "/" + mixer + "/" + seed).hashCode());
            java.nio.file.Path file = org.linrepro.util.CacheFolder.fromEnvironment().resolve("lm")
                    .resolve("checkpoints").resolve(mixer + "-s" + seed + "-" + hash + ".ckpt");
            return t.withCheckpoint(file, checkpointEvery, hash);
        }
    }

    /** Validation result of one run. */
    public record Result(String mixer, long seed, double validNll, double validPpl, double tokensPerSecond, double seconds,
            long parameters, List<double[]> curve) {}

    private static final Map<String, Result> DONE = new ConcurrentHashMap<>();

    private LmRuns() {}

    /** The corpus of a setup: the dataset, its vocabulary cut to the most frequent {@code vocab} words if asked. */
    public static TokenizedCorpus corpus(Setup s) {
        TokenizedCorpus full = WikiTextCorpora.fromEnvironment().load(s.dataset());
        int keep = s.vocab() == 0 ? full.vocabSize() : Math.min(s.vocab(), full.vocabSize());
        // an adaptive softmax needs ids sorted by frequency: keeping every word re-numbers them that way
        return keep < full.vocabSize() || !s.adaptiveCutoffs().isEmpty() ? FrequentWords.keep(full, keep) : full;
    }

    static synchronized Result run(Setup s, String mixer, long seed, Device device, Progress progress) {
        Result r = DONE.get(key(s, mixer, seed, device));
        if (r != null) {
            return r;
        }
        try (NDManager m = NDManager.newBaseManager(device)) {
            return train(s, mixer, seed, m, progress).result();
        }
    }

    private static String key(Setup s, String mixer, long seed, Device device) {
        return s + "/" + mixer + "/" + seed + "/" + device;
    }

    /** A trained model (alive in the caller's manager), its corpus and its validation result. */
    public record Trained(Result result, LanguageModel model, TokenizedCorpus corpus) {}

    /**
     * Trains and evaluates one model in {@code manager} (the caller closes it) and records the result, so claims
     * that compare the same run later reuse it (a notebook trains a model once, samples from it, and runs the
     * claims on it).
     */
    public static synchronized Trained train(Setup s, String mixer, long seed, NDManager manager, Progress progress) {
        Device device = manager.getDevice();
        TokenizedCorpus c = corpus(s);
        int[] train = s.trainTokens() == 0 ? c.train() : c.prefix("train", Math.min(s.trainTokens(), c.train().length));
        int[] valid = s.evalTokens() == 0 ? c.valid() : Arrays.copyOf(c.valid(), Math.min(s.evalTokens(), c.valid().length));
        long t0 = System.nanoTime();
        try (CpuThreads threads = CpuThreads.limit(device, s.threads())) {
            Engine.getInstance().setRandomSeed((int) (seed & 0x7fffffff));
            LanguageModel lm = LanguageModel.create(manager, s.model(c.vocabSize(), mixer));
            LmTrainer.Log log = LmTrainer.train(lm, train, s.training(mixer, seed), progress);
            // non-overlapping blocks of the training length: each block starts without context (see Perplexity)
            Perplexity.Result p = new Perplexity(16).nonOverlapping(valid, s.length(), lm.scorer(manager));
            Result r = new Result(mixer, seed, p.meanNll(), p.perplexity(), log.tokensPerSecond(),
                    (System.nanoTime() - t0) / 1e9, lm.parameterCount(), log.points());
            DONE.put(key(s, mixer, seed, device), r);
            return new Trained(r, lm, c);
        }
    }
}
