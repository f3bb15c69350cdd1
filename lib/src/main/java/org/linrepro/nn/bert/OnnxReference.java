package org.linrepro.nn.bert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * The ONNX model run by ONNX Runtime: the independent reference our encoder's load is checked against.
 * Returns the first output (named output_0 in this export), the last hidden state (B, T, d).
 */
public final class OnnxReference implements AutoCloseable {
    private final OrtSession session;

    public OnnxReference(byte[] model) {
        try {
            OrtSession.SessionOptions o = new OrtSession.SessionOptions();
            o.setIntraOpNumThreads(2);
            session = OrtEnvironment.getEnvironment().createSession(model, o);
        } catch (OrtException e) {
            throw new LinreproException("ONNX Runtime cannot load the model: " + e.getMessage());
        }
    }

    public String outputName() {
        return session.getOutputNames().iterator().next();
    }

    public float[][][] lastHiddenState(Tokenized t) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor ids = OnnxTensor.createTensor(env, t.ids());
                OnnxTensor mask = OnnxTensor.createTensor(env, t.mask());
                OnnxTensor types = OnnxTensor.createTensor(env, t.typeIds());
                OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                        "token_type_ids", types))) {
            return (float[][][]) r.get(0).getValue();
        } catch (OrtException e) {
            throw new LinreproException("ONNX Runtime failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
