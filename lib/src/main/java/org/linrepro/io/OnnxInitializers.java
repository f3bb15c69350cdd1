package org.linrepro.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.linrepro.util.LinreproException;

/**
 * The float initializers of an ONNX model and the graph's nodes (name, op type, inputs), read from the
 * protobuf wire format. Field numbers are those of onnx.proto3: ModelProto.graph = 7; GraphProto.node = 1,
 * initializer = 5; NodeProto.input = 1, output = 2, name = 3, op_type = 4; TensorProto.dims = 1,
 * data_type = 2, float_data = 4, name = 8, raw_data = 9.
 */
public final class OnnxInitializers {
    public record Node(String name, String opType, List<String> inputs) {}

    private static final int FLOAT = 1;

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private OnnxInitializers() {}

    public static OnnxInitializers parse(byte[] model) {
        OnnxInitializers out = new OnnxInitializers();
        ProtoReader m = new ProtoReader(ByteBuffer.wrap(model));
        boolean sawGraph = false;
        while (m.next()) {
            if (m.field() == 7 && m.wireType() == ProtoReader.LENGTH) {
                out.readGraph(m.message());
                sawGraph = true;
            } else {
                m.skip();
            }
        }
        if (!sawGraph) {
            throw new LinreproException("not an ONNX model: no graph found");
        }
        return out;
    }

    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public List<Node> nodes() {
        return nodes;
    }

    private void readGraph(ProtoReader g) {
        while (g.next()) {
            if (g.field() == 1 && g.wireType() == ProtoReader.LENGTH) {
                nodes.add(readNode(g.message()));
            } else if (g.field() == 5 && g.wireType() == ProtoReader.LENGTH) {
                readTensor(g.message());
            } else {
                g.skip();
            }
        }
    }

    private static Node readNode(ProtoReader n) {
        String name = "";
        String op = "";
        List<String> inputs = new ArrayList<>();
        while (n.next()) {
            switch (n.field()) {
                case 1 -> inputs.add(n.string());
                case 3 -> name = n.string();
                case 4 -> op = n.string();
                default -> n.skip();
            }
        }
        return new Node(name, op, List.copyOf(inputs));
    }

    private void readTensor(ProtoReader t) {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = null;
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        while (t.next()) {
            switch (t.field()) {
                case 1 -> {
                    if (t.wireType() == ProtoReader.LENGTH) {
                        ProtoReader packed = t.message();
                        while (packed.hasRemaining()) {
                            dims.add(packed.varint());
                        }
                    } else {
                        dims.add(t.varint());
                    }
                }
                case 2 -> type = (int) t.varint();
                case 4 -> {
                    ByteBuffer b = t.bytes();
                    while (b.hasRemaining()) {
                        floats.add(b.getFloat());
                    }
                }
                case 8 -> name = t.string();
                case 9 -> raw = t.bytes();
                default -> t.skip();
            }
        }
        if (type != FLOAT || name == null) {
            return; // int64 shape constants and the like: not weights
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        if (raw != null) {
            if (raw.remaining() != 4 * n) {
                throw new LinreproException("ONNX initializer " + name + ": " + raw.remaining() + " bytes for "
                        + n + " floats");
            }
            raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            if (floats.size() != n) {
                throw new LinreproException("ONNX initializer " + name + ": " + floats.size() + " floats for shape "
                        + java.util.Arrays.toString(shape));
            }
            for (int i = 0; i < n; i++) {
                data[i] = floats.get(i);
            }
        }
        tensors.put(name, new Tensor(shape, data));
    }
}
