package org.linrepro.nn.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.linrepro.nn.adapters.AdapterOptions;
import org.linrepro.nn.adapters.Architecture;
import org.linrepro.nn.adapters.Dense;
import org.linrepro.nn.adapters.MomentProbingMethod;
import org.linrepro.nn.adapters.ParameterSpec;
import org.linrepro.nn.ops.Tensors;

/**
 * Moment Probing's head on a frozen encoder (MP.py's Moment_Probing_ViT, adapted to text): logits =
 * (classifier1(first moment) + classifier2(second moments)) / 2. The first moment is the mean-pooled hidden
 * state (MiniLM's pooling; ViT uses [CLS]). For the second moments the tokens are projected d → hidden, split into
 * groups, each group LayerNorm-ed (one shared LayerNorm) and centred by its mean over real tokens and channels;
 * the cross-covariances of neighbouring groups (over real tokens), column-normalised, pass two 3×3 stride-2
 * convolutions with a GELU between, and are flattened into classifier2. Padding tokens are masked out
 * everywhere. Shapes are those {@link MomentProbingMethod} counts.
 */
public final class MomentProbingHead {
    private final Dense proj;
    private final NDArray lnGamma;
    private final NDArray lnBeta;
    private final NDArray conv1;
    private final NDArray conv2;
    private final Dense classifier1;
    private final Dense classifier2;
    private final int heads;
    private final int group;

    public MomentProbingHead(NDManager m, Architecture shape, int labels, AdapterOptions o, Random rng) {
        List<ParameterSpec> body = new MomentProbingMethod(false).trainable(shape, o);
        List<ParameterSpec> head = new MomentProbingMethod(false).head(shape, o, labels);
        long[] p = body.get(0).shape(); // (hidden, d)
        this.group = (int) body.get(2).shape()[0];
        this.heads = (int) (p[0] / group);
        proj = linear(m, rng, p[0], p[1]);
        lnGamma = trainable(m.ones(new Shape(group)));
        lnBeta = trainable(m.zeros(new Shape(group)));
        conv1 = trainable(uniform(m, rng, 1 / Math.sqrt(9.0 * (heads - 1)), body.get(4).shape()));
        conv2 = trainable(uniform(m, rng, 1 / Math.sqrt(9.0 * (heads - 1)), body.get(5).shape()));
        classifier1 = linear(m, rng, head.get(0).shape()[0], head.get(0).shape()[1]);
        classifier2 = linear(m, rng, head.get(2).shape()[0], head.get(2).shape()[1]);
    }

    private static NDArray trainable(NDArray a) {
        a.setRequiresGradient(true);
        return a;
    }

    private static NDArray uniform(NDManager m, Random rng, double bound, long... shape) {
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return m.create(v, new Shape(shape));
    }

    /** nn.Linear's default init: weight and bias U(−1/√in, 1/√in). */
    private static Dense linear(NDManager m, Random rng, long out, long in) {
        double b = 1 / Math.sqrt(in);
        return new Dense(uniform(m, rng, b, out, in), uniform(m, rng, b, out)).trainable(true);
    }

    /** Logits (B, C) from hidden states (B, T, d) and the mask (B, T). */
    public NDArray forward(NDArray hidden, NDArray mask) {
        NDArray first = classifier1.forward(BertEncoder.meanPool(hidden, mask));
        long b = hidden.getShape().get(0);
        long t = hidden.getShape().get(1);
        NDArray mk = mask.toType(DataType.FLOAT32, false).reshape(b, t, 1, 1);
        NDArray n = mk.sum(new int[] {1, 2, 3}).reshape(b, 1, 1, 1); // real tokens per sample
        NDArray x = proj.forward(hidden).reshape(b, t, heads, group);
        x = LayerNorm.layerNorm(x, new Shape(group), lnGamma, lnBeta, 1e-5f).singletonOrThrow().mul(mk);
        // centre each group by its mean over real tokens and channels (MP.py's per-group global mean)
        NDArray mean = x.sum(new int[] {1, 3}, true).div(Tensors.mul(n, group));
        x = x.sub(mean).mul(mk).transpose(0, 2, 1, 3); // (B, groups, T, w)
        NDArray left = x.get(":, :" + (heads - 1) + ", :, :").transpose(0, 1, 3, 2); // (B, pairs, w, T)
        NDArray right = x.get(":, 1:, :, :"); // (B, pairs, T, w)
        NDArray cov = left.matMul(right).div(n); // (B, pairs, w, w)
        NDArray norm = cov.square().sum(new int[] {2}, true).sqrt().maximum(Tensors.scalar(cov, 1e-12));
        cov = cov.div(norm);
        NDArray z = Conv2d.conv2d(cov, conv1, null, new Shape(2, 2)).singletonOrThrow();
        z = Tensors.mul(z.mul(Tensors.div(z, Math.sqrt(2)).erf().add(Tensors.scalar(z, 1))), 0.5);
        z = Conv2d.conv2d(z, conv2, null, new Shape(2, 2)).singletonOrThrow();
        NDArray second = classifier2.forward(z.reshape(b, -1));
        return Tensors.mul(first.add(second), 0.5);
    }

    public List<NDArray> trainable() {
        List<NDArray> out = new ArrayList<>(proj.trainable());
        out.addAll(List.of(lnGamma, lnBeta, conv1, conv2));
        out.addAll(classifier1.trainable());
        out.addAll(classifier2.trainable());
        return out;
    }

    public long parameterCount() {
        return trainable().stream().mapToLong(a -> a.getShape().size()).sum();
    }
}
