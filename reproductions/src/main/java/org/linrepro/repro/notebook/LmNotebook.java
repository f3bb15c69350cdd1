package org.linrepro.repro.notebook;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.linrepro.bench.LmBench;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Config;
import org.linrepro.run.Progress;
import org.linrepro.data.DataRoot;
import org.linrepro.data.lm.Vocabulary;
import org.linrepro.data.lm.WikiTextCorpora;
import org.linrepro.data.lm.WikiTextStats;
import org.linrepro.data.lm.WordTokenizer;
import org.linrepro.nn.lm.TextGenerator;
import org.linrepro.repro.lm.LmRuns;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What the WikiText notebook needs in a few calls: the data's counts, a tokenised line, small LMs trained side by
 * side with their curves and perplexities, sample generations and the throughput benchmark.
 *
 * <p>Models are trained with the setup of a quick-tier claim; at {@code LINREPRO_TIER=smoke} its training is cut to
 * 30 steps and the evaluation to the first 4,000 validation tokens (code path and plots only: those numbers check
 * nothing). At {@code quick} the setup is the claim's own, and the results are recorded so that running the claims
 * afterwards reuses these models instead of training them again. Trained models live until the JVM ends.
 */
public final class LmNotebook {
    private static final NDManager MODELS = NDManager.newBaseManager(Device.cpu());

    private LmNotebook() {}

    /** Token and line counts per split, and the vocabulary, of WikiText-2 and (what the data root has of) WikiText-103. */
    public static Table data() {
        StringColumn ds = StringColumn.create("dataset");
        StringColumn split = StringColumn.create("split");
        LongColumn tokens = LongColumn.create("tokens");
        LongColumn lines = LongColumn.create("lines");
        StringColumn vocab = StringColumn.create("vocabulary (train)");
        WikiTextCorpora corpora = WikiTextCorpora.fromEnvironment();
        for (String d : List.of("wikitext-2", "wikitext-103")) {
            WikiTextStats s = WikiTextStats.of(corpora, d);
            Long[][] rows = {{s.train(), s.trainLines()}, {s.valid(), s.validLines()}, {s.test(), s.testLines()}};
            String[] names = {"train", "valid", "test"};
            for (int i = 0; i < 3; i++) {
                ds.append(d);
                split.append(names[i]);
                if (rows[i][0] == null) {
                    tokens.appendMissing();
                    lines.appendMissing();
                } else {
                    tokens.append(rows[i][0]);
                    lines.append(rows[i][1]);
                }
                vocab.append(i == 0 ? (s.vocabSize() == null ? "needs train (" + String.join(", ", s.missing()) + ")"
                        : String.format(Locale.ROOT, "%,d", s.vocabSize())) : "");
            }
        }
        return Table.create("WikiText counts (tokens include one <eos> per line)", ds, split, tokens, lines, vocab);
    }

    /** The first {@code count} non-blank lines of WikiText-2 valid: text, tokens and their ids in the training vocabulary. */
    public static Table tokenised(int count) {
        Vocabulary v = WikiTextCorpora.fromEnvironment().load("wikitext-2").vocabulary();
        StringColumn text = StringColumn.create("line (as stored)");
        StringColumn toks = StringColumn.create("tokens");
        StringColumn ids = StringColumn.create("ids");
        try (BufferedReader r = DataRoot.fromEnvironment().openGzipReader(WikiTextCorpora.file("wikitext-2", "valid"))) {
            String line;
            while (text.size() < count && (line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                List<String> t = WordTokenizer.tokens(line);
                text.append(shorten(line.strip(), 80));
                toks.append(shorten(String.join(" ", t), 80));
                ids.append(shorten(t.stream().map(w -> String.valueOf(v.id(w))).reduce((a, b) -> a + " " + b)
                        .orElse(""), 60));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Table.create("WikiText-2 valid, first lines", text, toks, ids);
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** The training setup of a quick-tier claim at the notebook's tier (see the class comment). */
    public static LmRuns.Setup setup(String claimId) {
        Config claimed = ClaimCatalog.load().byId(claimId).config();
        ObjectNode smaller = claimed.given().objectNode();
        if (Claims.tier().equals("smoke")) {
            smaller.put("steps", 30);
            smaller.put("warmup", 3);
            smaller.put("evalTokens", 4000);
        }
        return LmRuns.Setup.of(claimed.with("notebook setup from claim '" + claimId + "'", smaller));
    }

    /** Trains one model per mixer with the same setup and seed; prints one line per model. */
    public static List<LmRuns.Trained> train(LmRuns.Setup s, long seed, String... mixers) {
        List<LmRuns.Trained> out = new ArrayList<>();
        CellProgress progress = CellProgress.start("training " + mixers.length + " model(s) …");
        for (String m : mixers) {
            progress.item(out.size() + 1, mixers.length, m);
            LmRuns.Trained t = LmRuns.train(s, m, seed, MODELS, progress);
            LmRuns.Result r = t.result();
            System.out.printf(Locale.ROOT, "%-12s %,9d params  valid ppl %8.2f  %6.0f tokens/s  %5.1f s%n", m,
                    r.parameters(), r.validPpl(), r.tokensPerSecond(), r.seconds());
            out.add(t);
        }
        progress.finish("trained " + out.size() + " model(s)");
        return out;
    }

    /**
     * Our validation perplexities next to what the papers report. The papers' WikiText-103 tables were not seen
     * (CATALOGUE LM-1, LM-4), so their column gives what is verified and marks the rest.
     */
    public static Table perplexities(List<LmRuns.Trained> runs) {
        StringColumn mixer = StringColumn.create("mixer");
        LongColumn params = LongColumn.create("parameters");
        DoubleColumn ppl = DoubleColumn.create("valid ppl (ours)");
        DoubleColumn nll = DoubleColumn.create("valid nats/token");
        DoubleColumn tps = DoubleColumn.create("train tokens/s");
        StringColumn paper = StringColumn.create("paper (WikiText-103)");
        for (LmRuns.Trained t : runs) {
            LmRuns.Result r = t.result();
            mixer.append(r.mixer());
            params.append(r.parameters());
            ppl.append(round(r.validPpl(), 2));
            nll.append(round(r.validNll(), 4));
            tps.append(Math.round(r.tokensPerSecond()));
            paper.append(switch (r.mixer()) {
                case "transnormer" -> "beats softmax and linear variants (abstract); table values not verified";
                case "hedgehog" -> "up to 6 ppl better than prior linear attentions (abstract); table not verified";
                case "softmax" -> "the reference in both papers; values not verified";
                default -> "not verified";
            });
        }
        return Table.create("Validation perplexity (WikiText-2, top-vocabulary setup of the notebook's tier)", mixer,
                params, ppl, nll, tps, paper);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Smoothed training loss against training tokens ({@code wallTime} false) or seconds of training (true). */
    public static XYChart curves(List<LmRuns.Trained> runs, boolean wallTime) {
        XYChart c = new XYChartBuilder().width(700).height(400)
                .title("Training loss vs " + (wallTime ? "wall time" : "tokens"))
                .xAxisTitle(wallTime ? "seconds of training" : "training tokens")
                .yAxisTitle("smoothed training loss (nats/token)").build();
        for (LmRuns.Trained t : runs) {
            List<double[]> pts = t.result().curve();
            double[] x = pts.stream().mapToDouble(p -> wallTime ? p[2] : p[1]).toArray();
            double[] y = pts.stream().mapToDouble(p -> p[3]).toArray();
            c.addSeries(t.result().mixer(), x, y).setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    /**
     * Continuations of {@code prompt} (space-separated words; words outside the model's vocabulary become
     * {@code <unk>}): greedy, greedy with {@code <unk>} banned, and {@code samples} top-k draws with {@code <unk>}
     * banned (seeds 1, 2, …).
     */
    public static Table generate(LmRuns.Trained t, String prompt, int words, int k, double temperature, int samples) {
        Vocabulary v = t.corpus().vocabulary();
        int unk = v.id("<unk>");
        List<String> promptWords = WordTokenizer.tokens(prompt); // ends in <eos>: drop it unless the prompt is empty
        int[] ids = promptWords.subList(0, Math.max(1, promptWords.size() - 1)).stream()
                .mapToInt(w -> v.contains(w) ? v.id(w) : unk).toArray();
        TextGenerator g = new TextGenerator(t.model(), MODELS);
        StringColumn how = StringColumn.create("decoding");
        StringColumn text = StringColumn.create("continuation");
        how.append("greedy");
        text.append(words(v, g.greedy(ids, words)));
        how.append("greedy, <unk> banned");
        text.append(words(v, g.generate(ids, words, 1, 1.0, 0, java.util.Set.of(unk))));
        for (int s = 1; s <= samples; s++) {
            how.append(String.format(Locale.ROOT, "top-%d, T=%.1f, <unk> banned, seed %d", k, temperature, s));
            text.append(words(v, g.generate(ids, words, k, temperature, s, java.util.Set.of(unk))));
        }
        return Table.create(t.result().mixer() + ": \"" + prompt + "\" …", how, text);
    }

    private static String words(Vocabulary v, int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(v.word(id));
        }
        return sb.toString();
    }

    /** The run with the lowest validation perplexity. */
    public static LmRuns.Trained best(List<LmRuns.Trained> runs) {
        return runs.stream().min(java.util.Comparator.comparingDouble(t -> t.result().validPpl())).orElseThrow();
    }

    /**
     * The throughput benchmark ({@code ./linrepro bench lm}) at the quick shape and at length 2048; at the smoke
     * tier with three mixers and one timed step each.
     */
    public static Table bench() {
        LmBench.Settings s = LmBench.Settings.defaults();
        if (Claims.tier().equals("smoke")) {
            s = s.withMixers(List.of("softmax", "transnormer", "lightning")).withRepeats(1);
        }
        LmBench.Result r = LmBench.run(s, null);
        StringColumn mixer = StringColumn.create("mixer");
        StringColumn shape = StringColumn.create("length x batch");
        DoubleColumn tps = DoubleColumn.create("tokens/s (fwd+bwd)");
        DoubleColumn ms = DoubleColumn.create("ms/step");
        DoubleColumn vs = DoubleColumn.create("x softmax");
        DoubleColumn peak = DoubleColumn.create("peak RSS MB");
        for (LmBench.Cell c : r.cells()) {
            mixer.append(c.mixer());
            shape.append(c.shape().toString());
            tps.append(Math.round(c.tokensPerSecond()));
            ms.append(round(c.stepMs(), 1));
            vs.append(round(r.speedup(c.mixer(), "softmax", c.shape()), 2));
            peak.append(Math.round(c.peakRssMb()));
        }
        return Table.create(String.format(Locale.ROOT, "LM training throughput, 1 thread, median of %d step(s)",
                s.repeats()), mixer, shape, tps, ms, vs, peak);
    }
}
