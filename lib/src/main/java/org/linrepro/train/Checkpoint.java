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
 * The one checkpoint format: the resumable state of a {@link TrainingLoop} run after {@code step} updates — weights,
 * Adam's step and moments, the per-step losses, the smoothed and last loss, tokens seen, the evaluations so far and
 * the best-evaluated weights — and the key of the run it belongs to (resuming another run is refused). The data
 * position is not stored: the loop replays it ({@link Objective#skip}). Wall times are not stored either, so two runs
 * that reach the same step write byte-identical files. Written atomically.
 *
 * @param best the best-evaluated weights (their step and score inside), or null (no evaluation, or not kept)
 */
record Checkpoint(String key, int step, double smoothedLoss, double lastLoss, long tokens, double[] losses,
        List<double[]> evaluations, double bestScore, int bestStep, ParameterSnapshot best, ParameterSnapshot weights,
        OptimizerState optimizer) {
    private static final int MAGIC = 0x4C52544C; // "LRTL"

    void save(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(step);
            out.writeDouble(smoothedLoss);
            out.writeDouble(lastLoss);
            out.writeLong(tokens);
            writeDoubles(out, losses);
            out.writeInt(evaluations.size());
            for (double[] e : evaluations) {
                writeDoubles(out, e);
            }
            out.writeDouble(bestScore);
            out.writeInt(bestStep);
            out.writeBoolean(best != null);
            if (best != null) {
                best.write(out);
            }
            weights.write(out);
            optimizer.write(out);
            out.flush();
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            AtomicFiles.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new LinreproException("cannot write checkpoint " + file + ": " + e.getMessage(),
                    LinreproException.FAILED, e);
        }
    }

    /** The checkpoint in {@code file}, or null when there is none; a checkpoint of another run is an error. */
    static Checkpoint load(Path file, String expectedKey) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new LinreproException(file + " is not a linrepro training checkpoint (or one of an older format); "
                        + "delete it to start afresh");
            }
            String key = in.readUTF();
            if (!key.equals(expectedKey)) {
                throw new LinreproException("checkpoint " + file + " belongs to another run (" + key + "), not "
                        + expectedKey + "; delete it to start afresh");
            }
            int step = in.readInt();
            double smoothed = in.readDouble();
            double last = in.readDouble();
            long tokens = in.readLong();
            double[] losses = readDoubles(in);
            int n = in.readInt();
            if (step < 0 || n < 0 || losses.length != step) {
                throw new LinreproException("checkpoint " + file + " is corrupt (step " + step + ", " + losses.length
                        + " losses); delete it to start afresh");
            }
            List<double[]> evaluations = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                evaluations.add(readDoubles(in));
            }
            double bestScore = in.readDouble();
            int bestStep = in.readInt();
            ParameterSnapshot best = in.readBoolean() ? ParameterSnapshot.read(in, file.toString()) : null;
            ParameterSnapshot weights = ParameterSnapshot.read(in, file.toString());
            return new Checkpoint(key, step, smoothed, last, tokens, losses, evaluations, bestScore, bestStep, best,
                    weights, OptimizerState.read(in));
        } catch (IOException e) {
            throw new LinreproException("cannot read checkpoint " + file + " (" + e.getMessage()
                    + "); delete it to start afresh");
        }
    }

    private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double x : a) {
            out.writeDouble(x);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative array length " + n);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
