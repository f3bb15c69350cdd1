package org.linrepro.nn.bert;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.linrepro.io.Tensor;
import org.linrepro.util.LinreproException;

/**
 * Pretrained weights by Hugging Face BERT module name without the model prefix (e.g.
 * {@code encoder.layer.0.attention.self.query.weight}), linear weights as (out, in) like torch.nn.Linear.
 * Whatever the source format, loaders produce this one layout; {@link #check} validates it against a config.
 */
public final class BertWeights {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final String source;

    public BertWeights(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public void put(String name, Tensor t) {
        tensors.put(name, t);
    }

    public Map<String, Tensor> all() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    public Tensor get(String name, long... shape) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new LinreproException(source + ": weight '" + name + "' is missing");
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new LinreproException(source + ": weight '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", the config wants " + Arrays.toString(shape));
        }
        return t;
    }

    /** Fails with one message naming the first missing or misshapen tensor. */
    public void check(BertConfig c) {
        long d = c.hidden();
        long f = c.intermediate();
        get("embeddings.word_embeddings.weight", c.vocab(), d);
        get("embeddings.position_embeddings.weight", c.maxPositions(), d);
        get("embeddings.token_type_embeddings.weight", c.typeVocab(), d);
        get("embeddings.LayerNorm.weight", d);
        get("embeddings.LayerNorm.bias", d);
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            for (String m : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                "attention.output.dense"}) {
                get(p + m + ".weight", d, d);
                get(p + m + ".bias", d);
            }
            get(p + "intermediate.dense.weight", f, d);
            get(p + "intermediate.dense.bias", f);
            get(p + "output.dense.weight", d, f);
            get(p + "output.dense.bias", d);
            for (String ln : new String[] {"attention.output.LayerNorm", "output.LayerNorm"}) {
                get(p + ln + ".weight", d);
                get(p + ln + ".bias", d);
            }
        }
    }

    /** The transpose of a 2-D tensor (ONNX MatMul stores x·W with W as (in, out)). */
    static Tensor transpose(Tensor t) {
        int rows = (int) t.shape()[0];
        int cols = (int) t.shape()[1];
        float[] out = new float[t.data().length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[j * rows + i] = t.data()[i * cols + j];
            }
        }
        return new Tensor(new long[] {cols, rows}, out);
    }
}
