package org.linrepro.repro.lra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.claim.Claim;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.Config;
import org.linrepro.claim.Measurement;
import org.linrepro.run.Progress;
import org.linrepro.claim.RunContext;
import org.linrepro.claim.Tier;

/**
 * The paper-tier LRA configurations run end to end (every field they set is understood, the checkpointing path
 * included), shrunk to seconds: 2 steps, a handful of examples, width 16, one layer, short sequences. Tasks that need
 * downloaded data (Text, Retrieval, Image) are left out here; their fields are the same as the generated tasks'.
 */
class LraPaperConfigsTest {
    private static final Set<String> GENERATED = Set.of("listops", "pathfinder");

    @TempDir
    static Path cache;
    private static String before;

    @BeforeAll
    static void cacheInTemp() {
        before = System.getProperty("linrepro.cache");
        System.setProperty("linrepro.cache", cache.toString()); // LINREPRO_CACHE, when set, still wins
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty("linrepro.cache");
        } else {
            System.setProperty("linrepro.cache", before);
        }
    }

    @TestFactory
    Stream<DynamicTest> paperConfigsRunShrunk() {
        List<Claim> paper = ClaimCatalog.load().all().stream()
                .filter(c -> c.tier() == Tier.PAPER && c.experiment().startsWith("lra.")).toList();
        assertTrue(paper.size() >= 22, "paper-tier LRA claims found: " + paper.size());
        return paper.stream().filter(LraPaperConfigsTest::runnableHere).map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            ObjectNode cfg = c.config().json();
            if (cfg.has("runs")) {
                ArrayNode kept = cfg.arrayNode();
                for (JsonNode r : cfg.get("runs")) {
                    if (GENERATED.contains(r.get("task").asText())) {
                        kept.add(shrink((ObjectNode) r.deepCopy()));
                    }
                }
                cfg.set("runs", kept);
            } else {
                shrink(cfg);
            }
            RunContext ctx = new RunContext(c, c.config().with(c.id() + " (shrunk)", cfg), c.seed(), Device.cpu(),
                    Progress.NONE);
            Measurement m = new LraExperiments().experiments().get(c.experiment()).run(ctx);
            assertTrue(m.value() >= 0 && m.value() <= 1, c.id() + ": accuracy " + m.value());
        }));
    }

    private static boolean runnableHere(Claim c) {
        JsonNode cfg = c.config().json();
        if (cfg.has("runs")) {
            for (JsonNode r : cfg.get("runs")) {
                if (GENERATED.contains(r.get("task").asText())) {
                    return true;
                }
            }
            return false;
        }
        return GENERATED.contains(cfg.get("task").asText());
    }

    private static ObjectNode shrink(ObjectNode c) {
        c.put("steps", 2).put("warmup", 1).put("evalEvery", 1).put("batch", 4).put("train", 8).put("valid", 4)
                .put("test", 4).put("dim", 16).put("layers", 1).put("cpuThreads", 1);
        if (c.get("ffn").asInt() > 0) {
            c.put("ffn", 32);
        }
        if (c.has("qkvDim")) {
            c.put("qkvDim", 8); // a multiple of every paper config's heads (1, 2, 4, 8) that divides the shrunk width
        }
        if (c.path("headHidden").asInt() > 0) {
            c.put("headHidden", 8);
        }
        if (c.has("stepsPerCycle")) {
            c.put("stepsPerCycle", 2);
        }
        if (c.has("scheduleSteps")) {
            c.put("scheduleSteps", 2);
        }
        if (c.has("stateSize")) {
            c.put("stateSize", 4);
        }
        if (c.get("task").asText().equals("listops")) {
            c.put("maxDepth", 3).put("minLength", 3).put("maxLength", 60);
        } else {
            c.put("resolution", 32);
        }
        return c;
    }
}
