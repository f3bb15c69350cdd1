package org.linrepro.nn.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MiniLM checkpoint loads into our encoder exactly: outputs equal ONNX Runtime's on real sentences. */
class MiniLmLoadTest {
    static NDManager manager;
    static BertEncoder encoder;
    static BertTokenizer tokenizer;

    @BeforeAll
    static void load() {
        manager = NDManager.newBaseManager();
        encoder = new BertEncoder(manager, BertConfig.miniLmL6(), MiniLm.weights());
        tokenizer = BertTokenizer.miniLm(128);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        encoder.close();
        manager.close();
    }

    @Test
    void tokenizerGivesWordPieceIds() {
        Tokenized t = tokenizer.encode(List.of("Hello world!"), null);
        // [CLS] hello world ! [SEP] in the bert-base-uncased vocabulary
        assertArrayEquals(new long[] {101, 7592, 2088, 999, 102}, t.ids()[0]);
        Tokenized p = tokenizer.encode(List.of("a b"), List.of("c"));
        assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1}, p.typeIds()[0]);
    }

    @Test
    void hiddenStatesEqualOnnxRuntime() {
        try (OnnxReference ref = new OnnxReference(MiniLm.onnxBytes())) {
            Tokenized single = tokenizer.encode(EncoderExactness.SENTENCES, null);
            EncoderExactness.Result r = EncoderExactness.compare(manager, encoder, ref, single);
            System.out.println("single: " + r);
            assertTrue(r.maxAbsDiff() < 1e-4, "max abs diff " + r.maxAbsDiff());
            Tokenized pairs = tokenizer.encode(EncoderExactness.SENTENCES.subList(0, 2),
                    EncoderExactness.SENTENCES.subList(2, 4));
            EncoderExactness.Result rp = EncoderExactness.compare(manager, encoder, ref, pairs);
            System.out.println("pairs: " + rp);
            assertTrue(rp.maxAbsDiff() < 1e-4, "max abs diff " + rp.maxAbsDiff());
        }
    }
}
