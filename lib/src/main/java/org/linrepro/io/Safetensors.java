package org.linrepro.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;

/**
 * The safetensors format: 8-byte little-endian header length, a JSON header {name: {dtype, shape,
 * data_offsets: [begin, end]}} (plus optional __metadata__), then the raw little-endian data. Reads F32, F16
 * and BF16 into floats; writes F32.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    public static Map<String, Tensor> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LinreproException("cannot read " + file + ": " + e.getMessage());
        }
        ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 8) {
            throw new LinreproException(file + ": not a safetensors file (shorter than 8 bytes)");
        }
        long headerLen = buf.getLong();
        if (headerLen <= 0 || headerLen > all.length - 8) {
            throw new LinreproException(file + ": not a safetensors file (header length " + headerLen + ")");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LinreproException(file + ": safetensors header is not valid JSON: " + e.getMessage());
        }
        int dataStart = 8 + (int) headerLen;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            long[] shape = new long[t.get("shape").size()];
            long n = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
                n *= shape[i];
            }
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            String dtype = t.get("dtype").asText();
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16", "BF16" -> 2;
                default -> 0;
            };
            if (width == 0) {
                continue; // integer buffers such as position_ids are not weights
            }
            if (end - begin != n * width || dataStart + end > all.length) {
                throw new LinreproException(file + ": tensor " + e.getKey() + " has " + (end - begin)
                        + " bytes for " + n + " " + dtype + " values");
            }
            float[] data = new float[(int) n];
            ByteBuffer b = ByteBuffer.wrap(all, dataStart + (int) begin, (int) (end - begin))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                data[i] = switch (dtype) {
                    case "F32" -> b.getFloat();
                    case "F16" -> halfToFloat(b.getShort());
                    default -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                };
            }
            out.put(e.getKey(), new Tensor(shape, data));
        }
        return out;
    }

    /** Writes F32 tensors (atomically: temporary file, then rename). */
    public static void write(Path file, Map<String, Tensor> tensors) {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long s : e.getValue().shape()) {
                shape.add(s);
            }
            long len = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (Tensor t : tensors.values()) {
            for (float f : t.data()) {
                buf.putFloat(f);
            }
        }
        try {
            AtomicFiles.write(file, buf.array());
        } catch (IOException e) {
            throw new LinreproException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** IEEE 754 binary16 → float (Float.float16ToFloat arrives only in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
