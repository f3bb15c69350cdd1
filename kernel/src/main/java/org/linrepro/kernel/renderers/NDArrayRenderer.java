package org.linrepro.kernel.renderers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.linrepro.kernel.Renderer;

/**
 * DJL arrays as a one-line summary: shape, data type, device and the first values, e.g.
 * {@code NDArray (2, 3) float32 cpu() [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]}. Never prints a whole large array.
 */
public final class NDArrayRenderer implements Renderer {

    static final int FIRST_VALUES = 10;

    @Override
    public Class<?> type() {
        return NDArray.class;
    }

    @Override
    public Map<String, Object> render(Object value) {
        return Map.of("text/plain", summary((NDArray) value));
    }

    static String summary(NDArray a) {
        StringBuilder sb = new StringBuilder("NDArray");
        try {
            if (a.getName() != null && !a.getName().isBlank()) {
                sb.append(" '").append(a.getName()).append('\'');
            }
            sb.append(' ').append(a.getShape()).append(' ').append(a.getDataType())
                    .append(' ').append(a.getDevice());
            long n = a.size();
            sb.append(' ').append(firstValues(a, (int) Math.min(n, FIRST_VALUES)));
            if (n > FIRST_VALUES) {
                sb.setLength(sb.length() - 1);
                sb.append(", ... (").append(n).append(" values)]");
            }
        } catch (RuntimeException e) {
            sb.append(" (unavailable: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    private static String firstValues(NDArray a, int k) {
        if (k == 0) {
            return "[]";
        }
        DataType type = a.getDataType();
        List<NDArray> temps = new ArrayList<>();
        try {
            NDArray head = a.flatten();
            temps.add(head);
            if (head.size() > k) {
                head = head.get("0:" + k);
                temps.add(head);
            }
            if (type == DataType.BOOLEAN) {
                return Arrays.toString(head.toBooleanArray());
            } else if (type.isInteger() || type == DataType.UINT8 || type == DataType.INT8) {
                NDArray longs = head.toType(DataType.INT64, false);
                temps.add(longs);
                return Arrays.toString(longs.toLongArray());
            } else if (type == DataType.FLOAT64) {
                return Arrays.toString(head.toDoubleArray());
            } else if (type.isFloating()) {
                NDArray floats = head.toType(DataType.FLOAT32, false);
                temps.add(floats);
                return Arrays.toString(floats.toFloatArray());
            }
            return "[" + type + " values]";
        } finally {
            List<NDArray> closed = new ArrayList<>();
            for (NDArray t : temps) {
                if (t != a && closed.stream().noneMatch(c -> c == t)) {
                    closed.add(t);
                    t.close();
                }
            }
        }
    }
}
