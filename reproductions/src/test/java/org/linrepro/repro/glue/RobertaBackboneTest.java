package org.linrepro.repro.glue;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ai.djl.Device;
import org.linrepro.claim.ClaimCatalog;
import org.linrepro.claim.ClaimRunner;
import org.linrepro.run.Progress;
import org.linrepro.claim.Verdict;
import org.linrepro.data.MissingInputException;
import org.linrepro.nn.bert.BertTokenizer;
import org.linrepro.nn.bert.ClassifierHead;
import org.linrepro.io.Tensor;
import org.linrepro.io.Safetensors;
import org.linrepro.nn.bert.Tokenized;

/**
 * The roberta-base path of the paper tier without the real checkpoint: a tiny RoBERTa-layout directory (random
 * weights, a byte-level BPE tokenizer.json with RoBERTa's post-processor) loads through {@link Backbone}, and
 * without the directory the claim gets a "needs a checkpoint" message, not an error.
 */
class RobertaBackboneTest {

    @AfterEach
    void clear() {
        System.clearProperty("linrepro.roberta-base");
    }

    @Test
    void withoutTheCheckpointTheMessageSaysHowToProvideIt() {
        System.setProperty("linrepro.roberta-base", "");
        MissingInputException e = assertThrows(MissingInputException.class, () -> Backbone.byName("roberta-base"));
        assertTrue(e.getMessage().contains(Backbone.ROBERTA_ENV), e.getMessage());
    }

    @Test
    void paperTierClaimsReportNoDataWithoutTheCheckpoint() {
        System.setProperty("linrepro.roberta-base", "");
        ClaimCatalog catalog = ClaimCatalog.load();
        ClaimRunner runner = new ClaimRunner(catalog, Device.cpu(), Progress.NONE, ds -> null);
        Verdict v = runner.run(catalog.byId("lora-roberta-base-sst2-paper"), null);
        assertEquals(Verdict.Status.NO_DATA, v.status(), v.result().message());
        assertTrue(v.result().message().contains("roberta-base checkpoint"), v.result().message());
    }

    @Test
    void tinyRobertaLoadsWithItsBpeTokenizer(@TempDir Path dir) throws Exception {
        writeTinyRoberta(dir);
        System.setProperty("linrepro.roberta-base", dir.toString());
        Backbone b = Backbone.byName("roberta-base");
        assertEquals(ClassifierHead.Pooling.FIRST, b.pooling());
        assertEquals(2, b.config().positionOffset());
        try (BertTokenizer tok = b.tokenizer(16)) {
            // byte-level BPE: "hi" is one merged token (31), " th" is Ġ (30) t h; pairs are <s> a </s></s> b </s>
            Tokenized t = tok.encode(List.of("hi th"), List.of("hi"));
            assertArrayEquals(new long[] {0, 31, 30, 23, 11, 2, 2, 31, 2}, t.ids()[0]);
        }
    }

    /** config.json, model.safetensors (random, 2 layers, width 16) and a byte-level BPE tokenizer.json. */
    static void writeTinyRoberta(Path dir) throws Exception {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Random rng = new Random(3);
        int vocab = 32;
        int d = 16;
        int f = 32;
        put(m, "roberta.embeddings.word_embeddings.weight", rng, vocab, d);
        put(m, "roberta.embeddings.position_embeddings.weight", rng, 40, d);
        put(m, "roberta.embeddings.token_type_embeddings.weight", rng, 1, d);
        put(m, "roberta.embeddings.LayerNorm.weight", rng, d);
        put(m, "roberta.embeddings.LayerNorm.bias", rng, d);
        for (int i = 0; i < 2; i++) {
            String p = "roberta.encoder.layer." + i + ".";
            for (String s : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense"}) {
                put(m, p + s + ".weight", rng, d, d);
                put(m, p + s + ".bias", rng, d);
            }
            put(m, p + "intermediate.dense.weight", rng, f, d);
            put(m, p + "intermediate.dense.bias", rng, f);
            put(m, p + "output.dense.weight", rng, d, f);
            put(m, p + "output.dense.bias", rng, d);
            for (String s : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                put(m, p + s + ".weight", rng, d);
                put(m, p + s + ".bias", rng, d);
            }
        }
        Safetensors.write(dir.resolve("model.safetensors"), m);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"roberta\", \"vocab_size\": " + vocab
                + ", \"hidden_size\": 16, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                + "\"intermediate_size\": 32, \"max_position_embeddings\": 40, \"type_vocab_size\": 1, "
                + "\"layer_norm_eps\": 1e-5, \"pad_token_id\": 1, \"hidden_act\": \"gelu\"}");
        StringBuilder v = new StringBuilder("\"<s>\": 0, \"<pad>\": 1, \"</s>\": 2, \"<unk>\": 3");
        for (char c = 'a'; c <= 'z'; c++) {
            v.append(", \"").append(c).append("\": ").append(4 + c - 'a');
        }
        v.append(", \"\u0120\": 30, \"hi\": 31");
        String special = "{\"id\": %d, \"content\": \"%s\", \"single_word\": false, \"lstrip\": false, "
                + "\"rstrip\": false, \"normalized\": false, \"special\": true}";
        String json = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
                + String.format(special, 0, "<s>") + ", " + String.format(special, 1, "<pad>") + ", "
                + String.format(special, 2, "</s>") + ", " + String.format(special, 3, "<unk>") + "], "
                + "\"normalizer\": null, "
                + "\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, "
                + "\"use_regex\": true}, "
                + "\"post_processor\": {\"type\": \"RobertaProcessing\", \"sep\": [\"</s>\", 2], \"cls\": [\"<s>\", 0], "
                + "\"trim_offsets\": true, \"add_prefix_space\": false}, "
                + "\"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, "
                + "\"use_regex\": true}, "
                + "\"model\": {\"type\": \"BPE\", \"dropout\": null, \"unk_token\": null, "
                + "\"continuing_subword_prefix\": \"\", \"end_of_word_suffix\": \"\", \"fuse_unk\": false, "
                + "\"byte_fallback\": false, \"vocab\": {" + v + "}, \"merges\": [\"h i\"]}}";
        Files.writeString(dir.resolve("tokenizer.json"), json);
    }

    private static void put(Map<String, Tensor> m, String name, Random rng, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rng.nextGaussian() * 0.1);
        }
        m.put(name, new Tensor(shape, v));
    }
}
