package org.linrepro.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.linrepro.util.LinreproException;

/**
 * What an Adam-type optimizer carries from step to step — the step count and both moment buffers — as Java arrays,
 * so a checkpoint can hold it and a resumed run continues with exactly the updates an uninterrupted run makes.
 */
public record OptimizerState(int step, List<float[]> firstMoments, List<float[]> secondMoments) {

    void write(DataOutputStream out) throws IOException {
        out.writeInt(step);
        out.writeInt(firstMoments.size());
        for (int i = 0; i < firstMoments.size(); i++) {
            writeArray(out, firstMoments.get(i));
            writeArray(out, secondMoments.get(i));
        }
    }

    static OptimizerState read(DataInputStream in) throws IOException {
        int step = in.readInt();
        int n = in.readInt();
        if (step < 0 || n < 0) {
            throw new LinreproException("corrupt optimizer state in checkpoint (step " + step + ", " + n + " arrays)");
        }
        List<float[]> m = new ArrayList<>(n);
        List<float[]> v = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            m.add(readArray(in));
            v.add(readArray(in));
        }
        return new OptimizerState(step, m, v);
    }

    static void writeArray(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float f : a) {
            out.writeFloat(f);
        }
    }

    static float[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new LinreproException("corrupt array length " + n + " in checkpoint");
        }
        float[] a = new float[n];
        for (int j = 0; j < n; j++) {
            a[j] = in.readFloat();
        }
        return a;
    }
}
