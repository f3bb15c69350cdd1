package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
 * Saves and restores a training run: parameters, AdamW moments, step count, and the config hash the run was
 * started with (resuming a different config is refused). Written through {@link AtomicFiles} so a crash mid-write
 * leaves the previous checkpoint intact.
 */
public final class LmCheckpoint {
    private static final int MAGIC = 0x4c4d434b; // "LMCK"

    private LmCheckpoint() {}

    public static void save(Path file, String configHash, List<String> names, List<NDArray> params, Adam opt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(configHash);
            OptimizerState state = opt.state();
            out.writeInt(state.step());
            out.writeInt(params.size());
            for (int i = 0; i < params.size(); i++) {
                out.writeUTF(names.get(i));
                for (float[] f : new float[][] {params.get(i).toFloatArray(), state.firstMoments().get(i),
                        state.secondMoments().get(i)}) {
                    out.writeInt(f.length);
                    for (float x : f) {
                        out.writeFloat(x);
                    }
                }
            }
            out.flush();
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new LinreproException("cannot write checkpoint " + file + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    /** Restores into {@code params} and {@code opt}; returns false when {@code file} does not exist. */
    public static boolean load(Path file, String configHash, List<String> names, List<NDArray> params, Adam opt) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != MAGIC) {
                throw new LinreproException("checkpoint " + file + " is not a linrepro LM checkpoint; delete it to start afresh");
            }
            String hash = in.readUTF();
            if (!hash.equals(configHash)) {
                throw new LinreproException("checkpoint " + file + " belongs to config " + hash + ", not " + configHash
                        + "; delete it or use another checkpoint path");
            }
            int step = in.readInt();
            int n = in.readInt();
            if (n != params.size()) {
                throw new LinreproException("checkpoint " + file + " has " + n + " parameters, model has " + params.size());
            }
            List<float[]> first = new ArrayList<>(n);
            List<float[]> second = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                if (!name.equals(names.get(i))) {
                    throw new LinreproException("checkpoint " + file + ": parameter " + i + " is " + name + ", expected "
                            + names.get(i));
                }
                float[][] arrays = new float[3][]; // parameter, first moment, second moment
                for (int a = 0; a < 3; a++) {
                    int len = in.readInt();
                    if (len != params.get(i).size()) {
                        throw new LinreproException("checkpoint " + file + ": " + name + " has " + len + " values, expected "
                                + params.get(i).size());
                    }
                    arrays[a] = new float[len];
                    for (int k = 0; k < len; k++) {
                        arrays[a][k] = in.readFloat();
                    }
                }
                params.get(i).set(arrays[0]);
                first.add(arrays[1]);
                second.add(arrays[2]);
            }
            opt.restore(new OptimizerState(step, first, second));
            return true;
        } catch (IOException e) {
            throw new LinreproException("cannot read checkpoint " + file + " (" + e.getMessage()
                    + "); delete it to start afresh");
        }
    }
}
