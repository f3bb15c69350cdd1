package org.linrepro.claim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

/** Claim files are validated on load; every error names the file, the claim and the field. */
class ClaimFileLoaderTest {
    static final ConfigSpec DEMO_SPEC = ConfigSpec.of(
            ConfigKey.integer("d", "dimension"),
            ConfigKey.integer("steps", "steps").byDefault(100),
            ConfigKey.integer("warmup", "warm-up").derived("steps / 10", c -> c.integer("steps") / 10),
            ConfigKey.text("mode", "mode").choices("a", "b").byDefault("a"));

    static final Map<String, Experiment> EXPERIMENTS = Map.of("demo.exp",
            Experiment.of(DEMO_SPEC, ctx -> Measurement.of(ctx.config().integer("d")).build()));

    static final Map<String, ReferenceFunction> REFERENCES = Map.of("demo.square", ReferenceFunction.of(
            "demo.square", ConfigSpec.of(ConfigKey.number("x", "the number squared")), "x²",
            (a, run) -> a.number("x") * a.number("x")));

    private final ClaimFileLoader loader = new ClaimFileLoader(EXPERIMENTS, REFERENCES);

    private static String file(String claim) {
        return "{\"paper\": {\"arxiv\": \"0000.00001\", \"title\": \"A Paper\", \"short\": \"Someone 2020\"},"
                + " \"claims\": [" + claim + "]}";
    }

    private static String claim(String replaceKey, String replacement) {
        String base = "\"id\": \"demo-claim\", \"source\": {\"kind\": \"paper\", \"where\": \"Table 1\"},"
                + " \"statement\": \"s\", \"kind\": \"value\","
                + " \"tier\": \"quick\", \"reported\": {\"value\": 1.5}, \"tolerance\": {\"relative\": 0.1,"
                + " \"why\": \"seed spread\"}, \"experiment\": \"demo.exp\", \"config\": {\"d\": 3},"
                + " \"scaled\": \"smaller\"";
        if (replaceKey != null) {
            base = base.replaceAll("\"" + replaceKey + "\": (\\{[^}]*\\}|\"[^\"]*\"|[0-9.]+)",
                    java.util.regex.Matcher.quoteReplacement(replacement));
        }
        return "{" + base + "}";
    }

    private String error(String text) {
        return assertThrows(LinreproException.class, () -> loader.parse("claims/x.json", text)).getMessage();
    }

    @Test
    void validFileLoads() {
        List<Claim> cs = loader.parse("claims/x.json", file(claim(null, null)));
        Claim c = cs.get(0);
        assertEquals("demo-claim", c.id());
        assertEquals(Kind.VALUE, c.kind());
        assertEquals(Tier.QUICK, c.tier());
        assertEquals(3, c.config().integer("d"));
        assertEquals(1.5, c.reported().value());
        assertTrue(c.reproduced());
    }

    @Test
    void missingJustificationNamesFileClaimAndField() {
        String m = error(file(claim("tolerance", "\"tolerance\": {\"relative\": 0.1}")));
        assertEquals("claims/x.json: claim 'demo-claim': field 'tolerance.why' is missing", m);
    }

    @Test
    void unknownExperimentIsRejected() {
        String m = error(file(claim("experiment", "\"experiment\": \"nope\"")));
        assertTrue(m.contains("'experiment'") && m.contains("nope"), m);
    }

    @Test
    void badKindTierToleranceAndTypos() {
        assertTrue(error(file(claim("kind", "\"kind\": \"vibe\""))).contains("field 'kind' is invalid"));
        assertTrue(error(file(claim("tier", "\"tier\": \"huge\""))).contains("field 'tier' is invalid"));
        assertTrue(error(file(claim("tolerance", "\"tolerance\": {\"relative\": 0.1, \"absolute\": 1, \"why\": \"w\"}")))
                .contains("exactly one of"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"x\", \"sacled\": \"y\""))).contains("'sacled'"));
        assertTrue(error(file(claim("scaled", "\"comment\": \"no scaled field\""))).contains("'scaled' is required"));
        assertTrue(error(file(claim("reported", "\"reported\": {\"unit\": \"x\"}"))).contains("'reported'"));
        assertTrue(error(file(claim("id", "\"id\": \"Bad Id\""))).contains("kebab-case"));
    }

    @Test
    void malformedJsonGivesLine() {
        String m = error("{\n\"paper\": ,\n}");
        assertTrue(m.startsWith("claims/x.json: not valid JSON at line 2"), m);
    }

    @Test
    void duplicateIdsRejected() {
        String c = claim(null, null);
        assertTrue(error(file(c + "," + c)).contains("appears twice"));
    }

    @Test
    void notReproducedKeepsReasonAndLastMeasuredWithDate() {
        String c = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"reason\": \"too small\","
                + " \"lastMeasured\": {\"value\": 0.7, \"date\": \"2026-12-03\"}}");
        Claim claim = loader.parse("claims/x.json", file(c)).get(0);
        assertEquals("too small", claim.notReproduced().reason());
        assertEquals("last measured 0.7 on 2026-12-03", claim.notReproduced().lastMeasuredText());
        // the old shape (measured + date beside the reason) is rejected, naming the field
        String old = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"measured\": 0.7, \"reason\": \"r\"}");
        assertTrue(error(file(old)).contains("'notReproduced.measured'"), error(file(old)));
        String noDate = claim("scaled", "\"scaled\": \"s\", \"notReproduced\": {\"reason\": \"r\","
                + " \"lastMeasured\": {\"value\": 0.7, \"date\": \"last week\"}}");
        assertTrue(error(file(noDate)).contains("ISO date"), error(file(noDate)));
    }

    @Test
    void sourceNeedsAKind() {
        assertTrue(error(file(claim("source", "\"source\": \"Table 1\""))).contains("field 'source' must be an object"));
        String m = error(file(claim("source", "\"source\": {\"kind\": \"blog\", \"where\": \"x\"}")));
        assertTrue(m.contains("'source.kind' is invalid") && m.contains("official-code"), m);
        assertEquals(Source.Kind.OFFICIAL_CODE, loader.parse("claims/x.json", file(claim("source",
                "\"source\": {\"kind\": \"official-code\", \"where\": \"repo\"}"))).get(0).source().kind());
    }

    @Test
    void decidedAndDeviationAreValidated() {
        Claim c = loader.parse("claims/x.json", file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\":"
                + " \"after\", \"what\": \"margin 0.08 -> 0.05\"}, \"deviation\": {\"reason\": \"print rounds\"}")))
                .get(0);
        assertEquals(Decided.When.AFTER, c.decided().when());
        assertEquals("print rounds", c.deviation().reason());
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\": \"later\","
                + " \"what\": \"x\"}"))).contains("'before' or 'after'"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"decided\": {\"when\": \"after\"}")))
                .contains("'decided.what' is missing"));
        assertTrue(error(file(claim("scaled", "\"scaled\": \"s\", \"deviation\": {\"reason\": \"r\"},"
                + " \"notReproduced\": {\"reason\": \"r\", \"lastMeasured\": {\"value\": 1, \"date\": \"2026-12-03\"}}")))
                .contains("cannot be combined"));
    }

    @Test
    void dataNamesADatasetOrOnePart() {
        Claim c = loader.parse("claims/x.json", file(claim("scaled",
                "\"scaled\": \"s\", \"data\": [\"wikitext-103/valid\", \"glue/SST-2\"]"))).get(0);
        assertEquals(List.of("wikitext-103/valid", "glue/SST-2"), c.data());
        String m = error(file(claim("scaled", "\"scaled\": \"s\", \"data\": [\"wikitext-103/dev\"]")));
        assertTrue(m.startsWith("claims/x.json: claim 'demo-claim': field 'data'"), m);
        assertTrue(m.contains("unknown dataset 'wikitext-103/dev'"), m);
    }

    @Test
    void unknownConfigKeyIsALoadErrorWithASuggestion() {
        String m = error(file(claim("config", "\"config\": {\"d\": 3, \"dd\": 5}")));
        assertTrue(m.startsWith("claims/x.json: claim 'demo-claim': field 'config.dd' is not a config key"), m);
        assertTrue(m.contains("did you mean 'd'?"), m);
        assertTrue(error(file(claim("config", "\"config\": {\"d\": 3, \"setps\": 5}"))).contains("did you mean 'steps'?"));
    }

    @Test
    void wrongTypeIsALoadErrorNamingFileClaimAndKey() {
        String m = error(file(claim("config", "\"config\": {\"d\": \"3\"}")));
        assertEquals("claims/x.json: claim 'demo-claim': field 'config.d' must be an integer, got \"3\"", m);
        assertTrue(error(file(claim("config", "\"config\": {\"d\": 3.0}"))).contains("'config.d' must be an integer"));
        assertTrue(error(file(claim("config", "\"config\": {\"d\": 3, \"mode\": \"c\"}")))
                .contains("'config.mode' must be one of a, b"));
        assertTrue(error(file(claim("config", "\"config\": {}"))).contains("'config.d' is missing"));
    }

    @Test
    void effectiveConfigHasTheDefaultsAndAStableHash() {
        Claim c = loader.parse("claims/x.json", file(claim(null, null))).get(0);
        assertEquals("{\"d\":3,\"mode\":\"a\",\"steps\":100,\"warmup\":10}", c.config().canonical());
        assertTrue(c.config().defaulted("steps") && c.config().defaulted("warmup") && !c.config().defaulted("d"));
        // spelling the defaults out is the same config, with the same hash
        Claim spelled = loader.parse("claims/x.json", file(claim("config",
                "\"config\": {\"warmup\": 10, \"d\": 3, \"steps\": 100, \"mode\": \"a\"}"))).get(0);
        assertEquals(c.config().hash(), spelled.config().hash());
        assertEquals("a17c66be0a62", c.config().hash(), "the hash of a canonical config never changes");
        Claim other = loader.parse("claims/x.json", file(claim("config", "\"config\": {\"d\": 3, \"steps\": 50}")))
                .get(0);
        assertEquals(5, other.config().integer("warmup"), "a derived default follows the key it derives from");
    }

    private double reference(String reported) throws Exception {
        Claim c = loader.parse("claims/x.json", file(claim("reported", reported))).get(0);
        return c.reported().reference().evaluate(null);
    }

    @Test
    void referenceIsAFunctionOfItsArguments() throws Exception {
        String fromConfig = "\"reported\": {\"reference\": {\"fn\": \"demo.square\", \"args\": {\"x\": \"$config.d\"}}}";
        assertEquals(9.0, reference(fromConfig));
        Claim c = loader.parse("claims/x.json", file(claim("reported", fromConfig))).get(0);
        assertEquals("demo.square(x=3)", c.reported().reference().text());
        // mutating the argument, in the config or literally, changes the reference
        Claim mutated = loader.parse("claims/x.json", file(claim("reported", fromConfig)
                .replace("\"d\": 3", "\"d\": 4"))).get(0);
        assertEquals(16.0, mutated.reported().reference().evaluate(null));
        assertEquals(25.0, reference("\"reported\": {\"reference\": {\"fn\": \"demo.square\", \"args\": {\"x\": 5}}}"));
    }

    @Test
    void referenceErrorsNameTheKey() {
        assertTrue(error(file(claim("reported", "\"reported\": {\"expression\": \"42\"}")))
                .contains("field 'reported.expression' is free text"));
        String m = error(file(claim("reported", "\"reported\": {\"reference\": {\"fn\": \"demo.sqare\"}}")));
        assertTrue(m.contains("'reported.reference.fn' names 'demo.sqare'") && m.contains("did you mean 'demo.square'?"), m);
        m = error(file(claim("reported", "\"reported\": {\"reference\": {\"fn\": \"demo.square\", \"args\": {\"y\": 1}}}")));
        assertTrue(m.startsWith("claims/x.json: claim 'demo-claim': field 'reported.reference.args.y' is not a config key"), m);
        m = error(file(claim("reported", "\"reported\": {\"reference\": {\"fn\": \"demo.square\", \"args\": {\"x\": \"$config.e\"}}}")));
        assertTrue(m.contains("'reported.reference.args.x'") && m.contains("no key 'e'"), m);
        m = error(file(claim("reported", "\"reported\": {\"reference\": {\"fn\": \"demo.square\", \"args\": {}}}")));
        assertTrue(m.contains("'reported.reference.args.x' is missing"), m);
    }

    @Test
    void variantKeysAreStrictPerVariant() {
        ConfigSpec spec = ConfigSpec.of(ConfigKey.text("task", "task"), ConfigKey.integer("n", "size"))
                .variants("task", Map.of("a", ConfigSpec.of(ConfigKey.integer("depth", "depth")),
                        "b", ConfigSpec.of(ConfigKey.integer("side", "side").byDefault(32))));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, com.fasterxml.jackson.databind.node.ObjectNode> obj = t -> {
            try {
                return (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(t);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertEquals("{\"n\":1,\"side\":32,\"task\":\"b\"}", spec.bind("c", obj.apply("{\"task\": \"b\", \"n\": 1}")).canonical());
        String m = assertThrows(LinreproException.class,
                () -> spec.bind("c", obj.apply("{\"task\": \"b\", \"n\": 1, \"depth\": 2}"))).getMessage();
        assertEquals("c: config field 'depth' applies only to task 'a', not to task 'b'", m);
        assertTrue(assertThrows(LinreproException.class, () -> spec.bind("c", obj.apply("{\"task\": \"a\", \"n\": 1}")))
                .getMessage().contains("'depth' is missing"));
    }
}
