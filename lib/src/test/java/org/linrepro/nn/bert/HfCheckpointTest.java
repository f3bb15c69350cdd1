package org.linrepro.nn.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linrepro.io.Safetensors;
import org.linrepro.io.Tensor;
import org.linrepro.util.LinreproException;

/** A tiny RoBERTa-layout checkpoint written by the test loads back exactly and runs. */
class HfCheckpointTest {
    private static Map<String, Tensor> tinyRoberta(BertConfig c, Random rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        long d = c.hidden();
        put(m, "roberta.embeddings.word_embeddings.weight", rng, c.vocab(), d);
        put(m, "roberta.embeddings.position_embeddings.weight", rng, c.maxPositions(), d);
        put(m, "roberta.embeddings.token_type_embeddings.weight", rng, c.typeVocab(), d);
        put(m, "roberta.embeddings.LayerNorm.weight", rng, d);
        put(m, "roberta.embeddings.LayerNorm.bias", rng, d);
        for (int i = 0; i < c.layers(); i++) {
            String p = "roberta.encoder.layer." + i + ".";
            for (String s : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense"}) {
                put(m, p + s + ".weight", rng, d, d);
                put(m, p + s + ".bias", rng, d);
            }
            put(m, p + "intermediate.dense.weight", rng, c.intermediate(), d);
            put(m, p + "intermediate.dense.bias", rng, c.intermediate());
            put(m, p + "output.dense.weight", rng, d, c.intermediate());
            put(m, p + "output.dense.bias", rng, d);
            for (String s : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                put(m, p + s + ".weight", rng, d);
                put(m, p + s + ".bias", rng, d);
            }
        }
        put(m, "lm_head.dense.weight", rng, d, d);
        return m;
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

    @Test
    void tinyRobertaRoundTrips(@TempDir Path dir) throws Exception {
        BertConfig c = new BertConfig(50, 16, 2, 4, 32, 20, 1, 1e-5f, 2);
        Map<String, Tensor> tensors = tinyRoberta(c, new Random(1));
        Safetensors.write(dir.resolve("model.safetensors"), tensors);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"roberta\", \"vocab_size\": 50, "
                + "\"hidden_size\": 16, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, "
                + "\"intermediate_size\": 32, \"max_position_embeddings\": 20, \"type_vocab_size\": 1, "
                + "\"layer_norm_eps\": 1e-5, \"pad_token_id\": 1, \"hidden_act\": \"gelu\"}");
        HfCheckpoint ck = HfCheckpoint.load(dir);
        assertEquals(c, ck.config());
        assertArrayEquals(tensors.get("roberta.encoder.layer.1.output.dense.weight").data(),
                ck.weights().get("encoder.layer.1.output.dense.weight", 16, 32).data());
        try (NDManager m = NDManager.newBaseManager(); BertEncoder enc = new BertEncoder(m, ck.config(), ck.weights())) {
            Tokenized t = new Tokenized(new long[][] {{0, 5, 7, 2}}, new long[][] {{0, 0, 0, 0}},
                    new long[][] {{1, 1, 1, 1}});
            NDArray h = enc.forward(t.idsArray(m), t.typeIdsArray(m), t.maskArray(m));
            assertArrayEquals(new long[] {1, 4, 16}, h.getShape().getShape());
            assertTrue(Float.isFinite(h.sum().getFloat()));
            // 18 usable positions (20 minus RoBERTa's offset 2): longer inputs are refused with a message.
            Tokenized tooLong = new Tokenized(new long[1][19], new long[1][19], new long[1][19]);
            assertThrows(LinreproException.class, () -> enc.forward(tooLong.idsArray(m), tooLong.typeIdsArray(m),
                    tooLong.maskArray(m)));
        }
    }

    @Test
    void missingFilesAndBadHeadersGiveOneMessage(@TempDir Path dir) throws Exception {
        LinreproException e = assertThrows(LinreproException.class, () -> HfCheckpoint.load(dir));
        assertTrue(e.getMessage().contains("config.json"));
        Files.write(dir.resolve("x.safetensors"), new byte[] {1, 2, 3});
        assertThrows(LinreproException.class, () -> Safetensors.read(dir.resolve("x.safetensors")));
    }
}
