package org.linrepro.repro.lm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import static org.linrepro.claim.ConfigKey.integer;
import static org.linrepro.claim.ConfigKey.number;
import static org.linrepro.claim.ConfigKey.text;

import org.linrepro.claim.Config;
import org.linrepro.claim.ConfigKey;
import org.linrepro.claim.ConfigSpec;
import org.linrepro.claim.ReferenceFunction;
import org.linrepro.claim.Experiment;
import org.linrepro.claim.ExperimentProvider;
import org.linrepro.claim.FigureData;
import org.linrepro.claim.Measurement;
import org.linrepro.claim.RunContext;
import org.linrepro.data.lm.TokenizedCorpus;
import org.linrepro.data.lm.WikiTextCorpora;
import org.linrepro.data.lm.WikiTextStats;
import org.linrepro.eval.NextTokenScorer;
import org.linrepro.eval.Perplexity;
import org.linrepro.util.LinreproException;

/**
 * The WikiText language-modelling line: dataset statistics, the perplexity evaluator, small decoder-only models with
 * a pluggable token mixer (orderings between mixers), and Hedgehog's attention distillation on toy maps.
 */
public final class LmExperiments implements ExperimentProvider {

    @Override
    public String line() {
        return "lm";
    }

    @Override
    public List<String> claimFiles() {
        return List.of("claims/lm/1609.07843.json", "claims/lm/2210.10340.json", "claims/lm/2402.04347.json");
    }

    @Override
    public Map<String, Experiment> experiments() {
        Map<String, Experiment> m = new LinkedHashMap<>();
        m.put("lm.wikitextCount", Experiment.of(COUNT, LmExperiments::count));
        m.put("lm.uniformPerplexity", Experiment.of(UNIFORM, LmExperiments::uniform));
        m.put("lm.mixerGap", Experiment.of(MIXER_GAP, LmExperiments::mixerGap));
        m.put("lm.hedgehogDistillation", Experiment.of(DISTILLATION, LmExperiments::distillation));
        return m;
    }

    @Override
    public Map<String, ReferenceFunction> references() {
        return Map.of("lm.vocabularySize", ReferenceFunction.of("lm.vocabularySize", ConfigSpec.of(DATASET),
                "word types of the corpus's vocabulary (incl. <eos>, <unk>)",
                (a, run) -> WikiTextCorpora.fromEnvironment().load(a.text("dataset")).vocabSize()));
    }

    private static final ConfigKey DATASET = text("dataset", "corpus").choices("wikitext-2", "wikitext-103");

    static final ConfigSpec COUNT = ConfigSpec.of(DATASET,
            text("quantity", "what is counted: the vocabulary, tokens or lines of a split").choices("vocabSize",
                    "train", "valid", "test", "trainLines", "validLines", "testLines"));

    static final ConfigSpec UNIFORM = ConfigSpec.of(DATASET,
            text("split", "split scored").choices("train", "valid", "test"),
            integer("window", "evaluation window").unit("tokens"),
            text("protocol", "non-overlapping blocks or a sliding window").choices("blocks", "sliding"))
            .variants("protocol", Map.of(
                    "blocks", ConfigSpec.of(),
                    "sliding", ConfigSpec.of(integer("stride", "tokens the window moves").unit("tokens"))));

    static final ConfigSpec MIXER_GAP = LmRuns.Setup.SPEC.with(
            text("worse", "mixer id the paper ranks worse"),
            text("better", "mixer id the paper ranks better"));

    static final ConfigSpec DISTILLATION = ConfigSpec.of(
            integer("d", "head dimension"),
            integer("length", "attention-map length").unit("tokens"),
            integer("trainMaps", "attention maps to distil on"),
            integer("testMaps", "held-out maps"),
            number("spread", "scale of the synthetic queries and keys"),
            integer("steps", "Adam steps"),
            number("lr", "Adam learning rate"),
            text("measure", "KL(elu+1) − KL(Hedgehog) or H(elu+1) − H(Hedgehog)").choices("klGap",
                    "entropyGap"));

    /** {@code quantity}: vocabSize, train, valid, test (tokens) or trainLines, validLines, testLines. */
    static Measurement count(RunContext ctx) {
        Config c = ctx.config();
        String dataset = c.text("dataset");
        WikiTextStats s = WikiTextStats.of(WikiTextCorpora.fromEnvironment(), dataset);
        String q = c.text("quantity");
        Number v = switch (q) {
            case "vocabSize" -> s.vocabSize();
            case "train" -> s.train();
            case "valid" -> s.valid();
            case "test" -> s.test();
            case "trainLines" -> s.trainLines();
            case "validLines" -> s.validLines();
            case "testLines" -> s.testLines();
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'quantity' must be vocabSize, "
                    + "train, valid, test, trainLines, validLines or testLines, got '" + q + "'");
        };
        if (v == null) {
            throw new LinreproException(ctx.claim().id() + ": " + dataset + " lacks the split needed for " + q
                    + "; missing " + s.missing());
        }
        return Measurement.of(v.doubleValue()).build();
    }

    /**
     * Perplexity of the uniform model over a real split under either protocol ({@code protocol}: blocks or
     * sliding); the reference is the vocabulary size.
     */
    static Measurement uniform(RunContext ctx) {
        Config c = ctx.config();
        TokenizedCorpus corpus = WikiTextCorpora.fromEnvironment().load(c.text("dataset"));
        int[] tokens = corpus.split(c.text("split"));
        int window = c.integer("window");
        String protocol = c.text("protocol");
        Perplexity p = new Perplexity(64);
        NextTokenScorer u = NextTokenScorer.uniform(corpus.vocabSize());
        Perplexity.Result r = switch (protocol) {
            case "blocks" -> p.nonOverlapping(tokens, window, u);
            case "sliding" -> p.slidingWindow(tokens, window, c.integer("stride"), u);
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'protocol' must be blocks or "
                    + "sliding, got '" + protocol + "'");
        };
        return Measurement.of(r.perplexity()).detail("scoredTokens", r.tokens()).build();
    }

    /**
     * Trains {@code worse} and {@code better} (mixer ids) with the same setup and seed; measures the validation
     * cross-entropy gap meanNll(worse) − meanNll(better) in nats (a ppl ratio of e^gap). Positive means the paper's
     * ordering holds.
     */
    static Measurement mixerGap(RunContext ctx) {
        Config c = ctx.config();
        LmRuns.Setup s = LmRuns.Setup.of(c);
        String worse = c.text("worse");
        String better = c.text("better");
        for (String id : new String[] {worse, better}) {
            c.check(org.linrepro.nn.mixer.MixerRegistry.ids().contains(id), id.equals(worse) ? "worse" : "better",
                    "must be a token-mixer id (" + String.join(", ", org.linrepro.nn.mixer.MixerRegistry.ids()) + ")");
        }
        LmRuns.Result w = LmRuns.run(s, worse, ctx.seed(), ctx.device(), ctx.progress());
        LmRuns.Result b = LmRuns.run(s, better, ctx.seed(), ctx.device(), ctx.progress());
        return Measurement.of(w.validNll() - b.validNll())
                .detail("validPpl." + worse, w.validPpl()).detail("validPpl." + better, b.validPpl())
                .detail("tokensPerSecond." + worse, w.tokensPerSecond())
                .detail("tokensPerSecond." + better, b.tokensPerSecond())
                .detail("params." + worse, w.parameters()).detail("params." + better, b.parameters())
                .figure(curves(s, w, b)).seed(ctx.seed()).build();
    }

    private static FigureData curves(LmRuns.Setup s, LmRuns.Result... runs) {
        FigureData.Builder f = FigureData.builder("lm-curves-" + runs[0].mixer() + "-vs-" + runs[1].mixer() + "-s"
                        + runs[0].seed(), "WikiText-2 (top " + s.vocab() + " words): training loss vs tokens")
                .axes("training tokens", "smoothed training loss (nats)");
        for (LmRuns.Result r : runs) {
            double[] x = new double[r.curve().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.curve().get(i)[1];
                y[i] = r.curve().get(i)[3];
            }
            f.series(r.mixer(), x, y, FigureData.Style.LINE);
        }
        return f.build();
    }

    private static final Map<String, AttentionDistillation.Result> DISTILLED = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code measure}: klGap = KL(elu+1) − KL(Hedgehog), entropyGap = H(elu+1) − H(Hedgehog), both held out. */
    static Measurement distillation(RunContext ctx) {
        Config c = ctx.config();
        AttentionDistillation.Settings s = new AttentionDistillation.Settings(c.integer("d"), c.integer("length"),
                c.integer("trainMaps"), c.integer("testMaps"), c.number("spread"), c.integer("steps"), c.number("lr"),
                ctx.seed());
        c.check(s.d() >= 1 && s.length() >= 2 && s.trainMaps() >= 1 && s.testMaps() >= 1, "d",
                "needs d ≥ 1, length ≥ 2, trainMaps and testMaps ≥ 1");
        c.check(s.spread() > 0 && s.lr() > 0 && s.steps() >= 1, "spread", "needs spread > 0, lr > 0, steps ≥ 1");
        AttentionDistillation.Result r = DISTILLED.computeIfAbsent(s + "/" + ctx.device(),
                k -> AttentionDistillation.run(s, ctx.device(), ctx.progress()));
        String measure = c.text("measure");
        double v = switch (measure) {
            case "klGap" -> r.klElu() - r.klHedgehog();
            case "entropyGap" -> r.entropyElu() - r.entropyHedgehog();
            default -> throw new LinreproException(ctx.claim().id() + ": config field 'measure' must be klGap or "
                    + "entropyGap, got '" + measure + "'");
        };
        return Measurement.of(v).detail("klElu", r.klElu()).detail("klHedgehog", r.klHedgehog())
                .detail("entropyElu", r.entropyElu()).detail("entropyHedgehog", r.entropyHedgehog())
                .detail("entropySoftmax", r.entropySoftmax()).detail("seconds", r.seconds()).seed(ctx.seed()).build();
    }
}
