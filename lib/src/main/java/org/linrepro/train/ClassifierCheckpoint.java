package org.linrepro.train;

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
 * The resumable state of a {@link ClassifierTrainer} run after {@code step} steps: weights, Adam step and moments,
 * the smoothed loss, tokens seen and the evaluation curve so far, and the settings it belongs to (resuming other
 * settings is refused: the schedule and batch order depend on them). Written atomically.
 */
record ClassifierCheckpoint(String settings, int step, double smoothedLoss, long tokens, List<double[]> curve,
        ParameterSnapshot weights, OptimizerState optimizer) {
    private static final int MAGIC = 0x4C524354; // "LRCT"

    void save(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(settings);
            out.writeInt(step);
            out.writeDouble(smoothedLoss);
            out.writeLong(tokens);
            out.writeInt(curve.size());
            for (double[] p : curve) {
                out.writeInt(p.length);
                for (double x : p) {
                    out.writeDouble(x);
                }
            }
            weights.write(out);
            optimizer.write(out);
            out.flush();
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new LinreproException("cannot write checkpoint " + file + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    /** The checkpoint in {@code file}, or null when there is none; a checkpoint of other settings is an error. */
    static ClassifierCheckpoint load(Path file, String expectedSettings) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new LinreproException(file + " is not a linrepro classifier checkpoint; delete it to start afresh");
            }
            String settings = in.readUTF();
            if (!settings.equals(expectedSettings)) {
                throw new LinreproException("checkpoint " + file + " belongs to another run (" + settings + "), not "
                        + expectedSettings + "; delete its folder to start afresh");
            }
            int step = in.readInt();
            double smoothed = in.readDouble();
            long tokens = in.readLong();
            int n = in.readInt();
            List<double[]> curve = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                double[] p = new double[in.readInt()];
                for (int j = 0; j < p.length; j++) {
                    p[j] = in.readDouble();
                }
                curve.add(p);
            }
            ParameterSnapshot w = ParameterSnapshot.read(in, file.toString());
            return new ClassifierCheckpoint(settings, step, smoothed, tokens, curve, w, OptimizerState.read(in));
        } catch (IOException e) {
            throw new LinreproException("cannot read checkpoint " + file + " (" + e.getMessage()
                    + "); delete it to start afresh");
        }
    }
}
