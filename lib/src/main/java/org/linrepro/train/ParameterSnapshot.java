package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.AtomicFiles;
import org.linrepro.util.LinreproException;

/**
 * A copy of a model's parameter values (float32), for best-checkpoint selection and for saving to / resuming from a
 * file. Held as Java arrays, so it survives the NDManagers of the training steps.
 */
public final class ParameterSnapshot {
    private static final int MAGIC = 0x4C524350; // "LRCP"

    private final List<float[]> values;
    private final int step;
    private final double metric;

    private ParameterSnapshot(List<float[]> values, int step, double metric) {
        this.values = values;
        this.step = step;
        this.metric = metric;
    }

    public static ParameterSnapshot of(List<NDArray> params, int step) {
        return of(params, step, Double.NaN);
    }

    /** @param metric what the weights scored when taken (validation accuracy for a best checkpoint), or NaN */
    public static ParameterSnapshot of(List<NDArray> params, int step, double metric) {
        List<float[]> v = new ArrayList<>(params.size());
        for (NDArray p : params) {
            v.add(p.toFloatArray());
        }
        return new ParameterSnapshot(v, step, metric);
    }

    public int step() {
        return step;
    }

    public double metric() {
        return metric;
    }

    /** Writes the values back into {@code params} (same order and sizes as when taken). */
    public void restore(List<NDArray> params) {
        if (params.size() != values.size()) {
            throw new LinreproException("checkpoint has " + values.size() + " arrays, the model " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).size() != values.get(i).length) {
                throw new LinreproException("checkpoint array " + i + " has " + values.get(i).length
                        + " values, the model's " + params.get(i).size());
            }
            params.get(i).set(values.get(i));
        }
    }

    public void save(Path file) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            write(o);
        }
        AtomicFiles.write(file, bytes.toByteArray()); // an interrupted save never leaves half a checkpoint
    }

    void write(DataOutputStream o) throws IOException {
        o.writeInt(MAGIC);
        o.writeInt(step);
        o.writeDouble(metric);
        o.writeInt(values.size());
        for (float[] v : values) {
            OptimizerState.writeArray(o, v);
        }
    }

    public static ParameterSnapshot load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            return read(in, file.toString());
        }
    }

    static ParameterSnapshot read(DataInputStream in, String where) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new LinreproException(where + ": not a linrepro checkpoint");
        }
        int step = in.readInt();
        double metric = in.readDouble();
        int n = in.readInt();
        List<float[]> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            v.add(OptimizerState.readArray(in));
        }
        return new ParameterSnapshot(v, step, metric);
    }
}
