package org.linrepro.nn.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linrepro.util.LinreproException;

/** Counts built from the architectures' shapes against independently known totals (CATALOGUE §4). */
class ParameterCountTest {
    private static long count(String model, String method, AdapterOptions o) {
        return AdapterMethods.count(model, method, o, 0);
    }

    @Test
    void loraCountsOfThePaperConfigurations() {
        assertEquals(294_912, count("roberta-base", "lora", AdapterOptions.rank(8, "query", "value")));
        assertEquals(786_432, count("roberta-large", "lora", AdapterOptions.rank(8)));
        assertEquals(4_718_592, count("deberta-v2-xxlarge", "lora", AdapterOptions.rank(16)));
        assertEquals(2_359_296, count("deberta-v2-xxlarge", "lora", AdapterOptions.rank(8)));
        assertEquals(393_216, count("gpt2-medium", "lora", AdapterOptions.rank(4)));
        assertEquals(737_280, count("gpt2-large", "lora", AdapterOptions.rank(4)));
        assertEquals(36_864, count("roberta-base", "lora", AdapterOptions.rank(1)));
        assertEquals(589_824, count("roberta-base", "lora",
                AdapterOptions.rank(8, "query", "key", "value", "attn-out")));
        // PEFT-style suffixes select the same modules as roles.
        assertEquals(294_912, count("roberta-base", "lora", AdapterOptions.rank(8, "attention.self.query",
                "self.value")));
        assertEquals(4_718_592, count("deberta-v2-xxlarge", "lora", AdapterOptions.rank(16, "query_proj",
                "value_proj")));
    }

    @Test
    void pissaAndEvaShareLorasCount() {
        for (String m : List.of("pissa", "eva")) {
            assertEquals(294_912, count("roberta-base", m, AdapterOptions.rank(8)));
        }
    }

    @Test
    void fullModelsMatchTheirPublishedSizes() {
        assertEquals(124_645_632, count("roberta-base", "full", AdapterOptions.defaults()));
        assertEquals(355_359_744, count("roberta-large", "full", AdapterOptions.defaults()));
        assertEquals(109_482_240, count("bert-base", "full", AdapterOptions.defaults()));
        assertEquals(22_713_216, count("minilm-l6", "full", AdapterOptions.defaults()));
        assertEquals(354_823_168, count("gpt2-medium", "full", AdapterOptions.defaults()));
        assertEquals(774_030_080, count("gpt2-large", "full", AdapterOptions.defaults()));
        assertEquals(86_567_656, AdapterMethods.count("vit-b16", "full", AdapterOptions.defaults(), 1000));
        assertEquals(769_000, AdapterMethods.count("vit-b16", "linear-probe", AdapterOptions.defaults(), 1000));
    }

    @Test
    void headsAreTheCatalogueForms() {
        assertEquals(592_899, AdapterMethods.count("roberta-base", "linear-probe", AdapterOptions.defaults(), 3));
        assertEquals(592_130, AdapterMethods.count("roberta-base", "linear-probe", AdapterOptions.defaults(), 2));
        assertEquals(1_051_650, AdapterMethods.count("roberta-large", "linear-probe", AdapterOptions.defaults(), 2));
        assertEquals(294_912 + 592_899, AdapterMethods.count("roberta-base", "lora", AdapterOptions.rank(8), 3));
    }

    @Test
    void otherMethods() {
        assertEquals(49_152, count("gpt2-medium", "nola", AdapterOptions.defaults().with("basis", 512)));
        assertEquals(36_864, count("gpt2-large", "nola", AdapterOptions.defaults().with("basis", 256)));
        assertEquals(205_824, count("vit-b16", "ssf", AdapterOptions.defaults()));
        assertEquals(55_296, count("roberta-large", "lora-sb", AdapterOptions.rank(24)));
        // PEFT suffix matching: output.dense picks both the attention output and the FFN output.
        assertEquals(55_296, count("roberta-large", "lora-sb", AdapterOptions.rank(24, "query", "value",
                "attention.output.dense", "output.dense")));
        assertEquals(1_179_648, count("roberta-base", "bone", AdapterOptions.rank(64)));
        assertEquals(0, count("roberta-base", "linear-probe", AdapterOptions.defaults()));
        // Compacter per adapter at d = 768: down 816 + up 1,560 (CATALOGUE PEFT-3).
        AdapterOptions noLn = AdapterOptions.defaults().with("layerNorms", false);
        assertEquals(12 * 2 * 2_376 + 64, count("bert-base", "compacter", noLn));
        assertEquals(12 * 2_376 + 64, count("bert-base", "compacter++", noLn));
        assertEquals(12 * 2 * 2_376 + 64 + 25 * 1_536, count("bert-base", "compacter", AdapterOptions.defaults()));
        assertEquals(12 * 2 * 8 * (768 + 768) + 12 * 2 * 8 * (768 + 768),
                count("roberta-base", "hydra", AdapterOptions.rank(8, "query", "value")));
        // Hydra's GLUE default: FFN output, parallel rank 4 (3072 → 768), sequential rank 8 (768 → 768).
        assertEquals(12 * (4 * (3072 + 768) + 8 * (768 + 768)), count("roberta-base", "hydra", AdapterOptions.defaults()));
        assertEquals(12 * 32 * 768, count("roberta-base", "s2ft", AdapterOptions.rank(32)));
        // S2FT heads: rows of 2 heads (2 · 64) in q and v of every layer, on top of the FFN columns.
        assertEquals(12 * 32 * 768 + 12 * 2 * 128 * 768, count("roberta-base", "s2ft",
                AdapterOptions.rank(32).with("heads", 2)));
    }

    @Test
    void newerMethods() {
        // HUT: two rank-r factors per matrix, LoRA's shapes.
        assertEquals(count("roberta-base", "lora", AdapterOptions.rank(8)), count("roberta-base", "hut", AdapterOptions.rank(8)));
        // FLoRA and NLoRA: LoRA's factors plus an r×r core / intermediate matrix.
        assertEquals(12 * 2 * (8 * (768 + 768) + 64), count("roberta-base", "flora", AdapterOptions.rank(8)));
        assertEquals(12 * 2 * (8 * (768 + 768) + 64), count("roberta-base", "nlora", AdapterOptions.rank(8)));
        assertEquals(12 * 2 * 64, count("roberta-base", "nlora", AdapterOptions.rank(8).with("inttune", true)));
        // Moment Probing on ViT-B/16, 1000 classes, from MP.py's shapes: proj 768·512 + 512, LayerNorm(128),
        // two 3×3 convs on 3 channels, classifier1 768·1000 + 1000, classifier2 2883·1000 + 1000 (2883 = 3·31²).
        long branch = 768 * 512 + 512 + 2 * 128 + 2 * 81;
        long heads = 768_000 + 1_000 + 2_883_000 + 1_000;
        assertEquals(branch, count("vit-b16", "moment-probing", AdapterOptions.defaults()));
        assertEquals(branch + heads, AdapterMethods.count("vit-b16", "moment-probing", AdapterOptions.defaults(), 1000));
        // MP+: a PSRP per block, 3 · 768 · 16.
        assertEquals(branch + heads + 12 * 3 * 768 * 16,
                AdapterMethods.count("vit-b16", "moment-probing+", AdapterOptions.defaults(), 1000));
        assertThrows(LinreproException.class, () -> count("vit-b16", "moment-probing", AdapterOptions.rank(8)));
    }

    @Test
    void everyMethodAnswersForEveryModel() {
        for (String model : Architectures.all().keySet()) {
            for (String method : AdapterMethods.all().keySet()) {
                assertTrue(count(model, method, AdapterOptions.defaults()) >= 0, model + " " + method);
            }
        }
    }

    @Test
    void badInputGivesOneMessage() {
        assertTrue(assertThrows(LinreproException.class, () -> count("roberta-xl", "lora", AdapterOptions.defaults()))
                .getMessage().contains("roberta-base"));
        assertTrue(assertThrows(LinreproException.class, () -> count("roberta-base", "loar", AdapterOptions.defaults()))
                .getMessage().contains("unknown adapter method"));
        assertTrue(assertThrows(LinreproException.class, () -> count("roberta-base", "lora",
                AdapterOptions.rank(8, "quary"))).getMessage().contains("quary"));
        assertThrows(LinreproException.class, () -> count("roberta-base", "bone", AdapterOptions.rank(100)));
        assertThrows(LinreproException.class, () -> count("roberta-base", "lora",
                new AdapterOptions(8, List.of(), Map.of("basis", "3"))));
    }

    /** Counting and installing read one options record per method: what install takes, count takes too. */
    @Test
    void countAcceptsTheOptionsTheLayersTake() {
        assertEquals(count("roberta-base", "lora", AdapterOptions.rank(8)),
                count("roberta-base", "lora", AdapterOptions.rank(8).with("alpha", 16)));
        assertEquals(count("roberta-base", "nola", AdapterOptions.defaults()),
                count("roberta-base", "nola", AdapterOptions.defaults().with("alpha", 4)));
        assertEquals(count("roberta-base", "hydra", AdapterOptions.defaults()),
                count("roberta-base", "hydra", AdapterOptions.defaults().with("scale", 2)));
        assertEquals(count("roberta-base", "flora", AdapterOptions.defaults()),
                count("roberta-base", "flora", AdapterOptions.defaults().with("scale", 2)));
        // EVA's rho moves rank between layers; on targets of one shape the total stays, on mixed shapes it is data
        assertEquals(count("roberta-base", "eva", AdapterOptions.defaults()),
                count("roberta-base", "eva", AdapterOptions.defaults().with("rho", 2)));
        assertThrows(LinreproException.class, () -> count("roberta-base", "eva",
                AdapterOptions.rank(8, "query", "ffn-in").with("rho", 2)));
    }
}
