package org.linrepro.repro.lra;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.RunContext;
import org.linrepro.data.DataRoot;
import org.linrepro.data.lra.AanPairs;
import org.linrepro.data.lra.Cifar10Gray;
import org.linrepro.data.lra.ImdbBytes;
import org.linrepro.data.lra.ListOpsGenerator;
import org.linrepro.data.lra.ListOpsVocabulary;
import org.linrepro.data.lra.PathfinderGenerator;
import org.linrepro.data.lra.TokenExample;
import org.linrepro.util.LinreproException;

/**
 * The LRA tasks as a claim config describes them ({@code task} + sizes), split into train / valid / test. Valid
 * picks the best checkpoint, test is what claims measure. Generated tasks derive their seed from the claim's.
 */
final class LraTasks {
    /** One task instance: splits, vocabulary, classes, longest sequence. */
    record Task(String name, List<TokenExample> train, List<TokenExample> valid, List<TokenExample> test, int vocabulary,
            int classes, int maxLength) {

        /** Share of the most frequent label in the test split: the majority-class baseline. */
        double majority() {
            int[] counts = new int[classes];
            for (TokenExample e : test) {
                counts[e.label()]++;
            }
            int max = 0;
            for (int c : counts) {
                max = Math.max(max, c);
            }
            return (double) max / test.size();
        }
    }

    private static final Map<String, Task> CACHE = new ConcurrentHashMap<>();

    private LraTasks() {}

    /** The task and its split sizes; each task's own keys are a variant of {@code task}. */
    static final ConfigSpec SPEC = ConfigSpec.of(
            text("task", "LRA task"),
            integer("train", "training examples"),
            integer("valid", "validation examples (pick the best checkpoint)"),
            integer("test", "test examples (what claims measure)"))
            .variants("task", Map.of(
                    "listops", ConfigSpec.of(
                            integer("maxDepth", "deepest nesting of operators"),
                            integer("maxArgs", "most arguments per operator"),
                            integer("minLength", "shortest sequence").unit("tokens"),
                            integer("maxLength", "longest sequence").unit("tokens")),
                    "pathfinder", ConfigSpec.of(
                            integer("resolution", "image side").unit("pixels").byDefault(32),
                            text("difficulty", "path difficulty (PathfinderGenerator.Difficulty)")),
                    "image", ConfigSpec.of(),
                    "text", ConfigSpec.of(integer("maxLength", "bytes kept per review").unit("tokens")),
                    "retrieval", ConfigSpec.of(integer("maxLength", "bytes kept per document").unit("tokens"))));

    /** Classes of each task: ListOps' ten digits, binary otherwise; {@code lra.chance} is one over this. */
    static int classes(String task) {
        return switch (task) {
            case "listops" -> 10;
            case "image" -> 10;
            default -> 2;
        };
    }

    static Task of(RunContext ctx) {
        Config c = ctx.config();
        String name = c.text("task");
        int nTrain = c.integer("train");
        int nValid = c.integer("valid");
        int nTest = c.integer("test");
        c.check(nTrain >= 1 && nValid >= 1 && nTest >= 1, "train", "train, valid and test sizes must be ≥ 1");
        long seed = ctx.derivedSeed("data-" + name);
        StringBuilder key = new StringBuilder().append(seed);
        for (String k : SPEC.keys(name).keySet()) {
            key.append('/').append(c.json().get(k));
        }
        Task t = CACHE.get(key.toString());
        if (t == null) {
            t = build(ctx, c, name, nTrain, nValid, nTest, seed);
            CACHE.put(key.toString(), t);
        }
        return t;
    }

    private static Task build(RunContext ctx, Config c, String name, int nTrain, int nValid, int nTest, long seed) {
        switch (name) {
            case "listops" -> {
                ListOpsGenerator.Params p = new ListOpsGenerator.Params(c.integer("maxDepth"), c.integer("maxArgs"),
                        c.integer("minLength"), c.integer("maxLength"));
                List<TokenExample> all = new ArrayList<>();
                // one generation run split in order, so the splits never share a tree (as in the original)
                for (ListOpsGenerator.Example e : new ListOpsGenerator(p, seed).generate(nTrain + nValid + nTest)) {
                    all.add(ListOpsVocabulary.example(e));
                }
                return split(name, all, nTrain, nValid, ListOpsVocabulary.SIZE, classes(name), p.maxLength());
            }
            case "pathfinder" -> {
                int res = c.integer("resolution");
                PathfinderGenerator.Params p = PathfinderGenerator.Params.of(res,
                        PathfinderGenerator.Difficulty.parse(c.text("difficulty")));
                int n = nTrain + nValid + nTest;
                PathfinderGenerator gen = new PathfinderGenerator(p, seed);
                List<TokenExample> all;
                if ((long) n * res * res > EAGER_PIXELS) {
                    all = new LazyPathfinder(gen, gen.labels(n)); // Path-X: 200k × 16,384 tokens would not fit
                } else {
                    all = new ArrayList<>();
                    for (PathfinderGenerator.Image img : gen.generate(n)) {
                        all.add(tokens(img));
                    }
                }
                return split(name, all, nTrain, nValid, 257, classes(name), res * res);
            }
            case "image" -> {
                // LRA: train[:90%] / train[90%:] / test; we take the first records of each part
                DataRoot root = DataRoot.fromEnvironment();
                c.check(nTrain <= 45_000 && nValid <= 5_000 && nTest <= 10_000, "train",
                        "CIFAR-10 sizes must fit train ≤ 45000, valid ≤ 5000, test ≤ 10000");
                List<TokenExample> tr = Cifar10Gray.load(root, "train", 50_000);
                return new Task(name, List.copyOf(tr.subList(0, nTrain)), List.copyOf(tr.subList(45_000, 45_000 + nValid)),
                        Cifar10Gray.load(root, "test", nTest), 257, classes(name), 1024);
            }
            case "text" -> {
                int len = c.integer("maxLength");
                DataRoot root = DataRoot.fromEnvironment();
                c.check(nTrain <= 25_000 && nValid + nTest <= 25_000, "train", "IMDB has 25,000 train and 25,000 test reviews");
                List<TokenExample> tr = shuffled(ImdbBytes.load(root, "train", len), seed);
                List<TokenExample> te = shuffled(ImdbBytes.load(root, "test", len), seed + 1);
                // LRA validates on the IMDB test split; we keep valid and test disjoint parts of it
                return new Task(name, tr.subList(0, nTrain), te.subList(0, nValid), te.subList(nValid, nValid + nTest),
                        257, classes(name), len);
            }
            case "retrieval" -> {
                int len = c.integer("maxLength");
                DataRoot root = DataRoot.fromEnvironment();
                List<TokenExample> tr = AanPairs.load(root, "train", len);
                List<TokenExample> va = AanPairs.load(root, "dev", len);
                List<TokenExample> te = AanPairs.load(root, "test", len);
                c.check(nTrain <= tr.size() && nValid <= va.size() && nTest <= te.size(), "train",
                        "AAN has " + tr.size() + " / " + va.size() + " / " + te.size() + " train / dev / test pairs");
                return new Task(name, tr.subList(0, nTrain), va.subList(0, nValid), te.subList(0, nTest), 257, classes(name), len);
            }
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'task' must be listops, pathfinder, "
                    + "image, text or retrieval, got '" + name + "'");
        }
    }

    /** Above this many pixels in all splits together, Pathfinder images are drawn when read instead of stored. */
    static final long EAGER_PIXELS = 64L << 20;

    static TokenExample tokens(PathfinderGenerator.Image img) {
        int[] t = new int[img.pixels().length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (img.pixels()[i] & 0xFF) + 1;
        }
        return new TokenExample(t, img.label());
    }

    /** Pathfinder images generated on each read: image i depends only on (seed, i), so it is the stored one. */
    static final class LazyPathfinder extends java.util.AbstractList<TokenExample> implements java.util.RandomAccess {
        private final PathfinderGenerator gen;
        private final int[] labels;

        LazyPathfinder(PathfinderGenerator gen, int[] labels) {
            this.gen = gen;
            this.labels = labels;
        }

        @Override
        public TokenExample get(int i) {
            return tokens(gen.image(i, labels[i]));
        }

        @Override
        public int size() {
            return labels.length;
        }
    }

    private static Task split(String name, List<TokenExample> all, int nTrain, int nValid, int vocab, int classes,
            int maxLength) {
        return new Task(name, all.subList(0, nTrain), all.subList(nTrain, nTrain + nValid),
                all.subList(nTrain + nValid, all.size()), vocab, classes, maxLength);
    }

    private static List<TokenExample> shuffled(List<TokenExample> in, long seed) {
        List<TokenExample> l = new ArrayList<>(in);
        Collections.shuffle(l, new java.util.Random(seed));
        return l;
    }
}
