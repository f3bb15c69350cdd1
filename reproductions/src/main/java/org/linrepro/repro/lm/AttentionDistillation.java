package org.linrepro.repro.lm;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.linrepro.run.Progress;
import org.linrepro.nn.ops.Tensors;
import org.linrepro.run.CpuThreads;
import org.linrepro.train.AdamSettings;
import org.linrepro.train.Objective;
import org.linrepro.train.TrainingLoop;
import org.linrepro.train.TrainingSettings;

/**
 * Hedgehog's attention distillation on toy attention maps (2402.04347, §4.1 as described in HedgehogMixer): fixed
 * random queries and keys give causal softmax attention weights a = softmax(qkᵀ/√d); a trainable Hedgehog feature
 * map φ(x) = [softmax(xW + b), softmax(−(xW + b))] is fitted so its linear-attention weights
 * â_ij = φ(q_i)·φ(k_j) / Σ_j' φ(q_i)·φ(k_j') match a (cross-entropy). On held-out maps we compare the KL divergence
 * KL(a ‖ â) and the entropy of â against the fixed elu(x)+1 map of vanilla linear attention (Katharopoulos et al.).
 *
 * <p>The toy maps stand in for a trained model's attention: only the feature map is learned; q and k are fixed
 * Gaussian vectors scaled so that softmax attention is spiky (logit standard deviation {@code spread}), the regime
 * the paper says elu+1 fails to mimic.
 */
final class AttentionDistillation {
    record Settings(int d, int length, int trainMaps, int testMaps, double spread, int steps, double lr, long seed) {}

    /** Held-out mean KL(softmax ‖ approx) and mean row entropy of approx, for elu+1, Hedgehog, and softmax itself. */
    record Result(double klElu, double klHedgehog, double entropyElu, double entropyHedgehog, double entropySoftmax,
            double seconds) {}

    private AttentionDistillation() {}

    static Result run(Settings s, Device device, Progress progress) {
        long t0 = System.nanoTime();
        try (CpuThreads threads = CpuThreads.limit(device, 1); NDManager m = NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed((int) (s.seed() & 0x7fffffff));
            // q·k/√d has std spread when q, k ~ N(0, σ²I) with σ² = spread (σ⁴·d/d = spread²)
            float sigma = (float) Math.sqrt(s.spread());
            NDArray qTrain = m.randomNormal(0, sigma, new Shape(s.trainMaps(), s.length(), s.d()), DataType.FLOAT32);
            NDArray kTrain = m.randomNormal(0, sigma, new Shape(s.trainMaps(), s.length(), s.d()), DataType.FLOAT32);
            NDArray qTest = m.randomNormal(0, sigma, new Shape(s.testMaps(), s.length(), s.d()), DataType.FLOAT32);
            NDArray kTest = m.randomNormal(0, sigma, new Shape(s.testMaps(), s.length(), s.d()), DataType.FLOAT32);
            NDArray mask = Tensors.causalMask(m, s.length(), DataType.FLOAT32, true);
            NDArray w = Tensors.eye(m, s.d(), DataType.FLOAT32); // identity start, as HedgehogMixer
            NDArray b = m.zeros(new Shape(s.d()), DataType.FLOAT32);
            NDArray target = softmaxWeights(qTrain, kTrain, mask);
            // the whole training set is every step's batch: the objective needs no data of its own
            TrainingSettings t = TrainingSettings.of("distil hedgehog map", s.steps(),
                    AdamSettings.forLanguageModel(0.9, 0.999, 1e-8, 0), step -> s.lr()).withProgressEvery(50);
            TrainingLoop.run(m, List.of(w, b), new Objective<Void>() {
                @Override
                public Void batch(NDManager manager, int step) {
                    return null;
                }

                @Override
                public long tokens(Void batch) {
                    return (long) s.trainMaps() * s.length();
                }

                @Override
                public NDArray loss(NDManager manager, Void batch, int index, int count) {
                    // one part: these settings never split the maps
                    NDArray a = linearWeights(hedgehog(qTrain, w, b), hedgehog(kTrain, w, b), mask);
                    return crossEntropy(target, a, mask);
                }
            }, t, progress);
            w.setRequiresGradient(false);
            b.setRequiresGradient(false);
            NDArray ref = softmaxWeights(qTest, kTest, mask);
            NDArray elu = linearWeights(Tensors.eluPlusOne(qTest), Tensors.eluPlusOne(kTest), mask);
            NDArray hh = linearWeights(hedgehog(qTest, w, b), hedgehog(kTest, w, b), mask);
            return new Result(kl(ref, elu, mask), kl(ref, hh, mask), entropy(elu, mask), entropy(hh, mask),
                    entropy(ref, mask), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** φ(x) = [softmax(xW + b), softmax(−(xW + b))] over the feature axis. */
    static NDArray hedgehog(NDArray x, NDArray w, NDArray b) {
        NDArray z = x.matMul(w).add(b);
        return z.softmax(-1).concat(z.neg().softmax(-1), -1);
    }

    /** Causal softmax weights [N, L, L]. */
    static NDArray softmaxWeights(NDArray q, NDArray k, NDArray mask) {
        double scale = 1.0 / Math.sqrt(q.getShape().get(2));
        NDArray logits = Tensors.mul(q.matMul(Tensors.t(k)), scale);
        // masked entries get −1e9 before the softmax (no where() broadcasting in DJL)
        NDArray masked = logits.mul(mask).add(mask.sub(1).mul(1e9));
        return masked.softmax(-1);
    }

    /** Causal linear-attention weights φ(q_i)·φ(k_j) / Σ_j' φ(q_i)·φ(k_j'), j ≤ i. */
    static NDArray linearWeights(NDArray fq, NDArray fk, NDArray mask) {
        NDArray scores = fq.matMul(Tensors.t(fk)).mul(mask);
        return scores.div(scores.sum(new int[] {-1}, true));
    }

    private static NDArray rows(NDArray x) {
        return x.sum(new int[] {-1}).mean();
    }

    static NDArray crossEntropy(NDArray target, NDArray approx, NDArray mask) {
        NDArray logA = approx.add(Tensors.scalar(approx, 1e-12)).log().mul(mask);
        return rows(target.mul(logA)).neg();
    }

    /** Mean over query rows of KL(target ‖ approx) in nats. */
    static double kl(NDArray target, NDArray approx, NDArray mask) {
        NDArray lt = target.add(1e-12).log().mul(mask);
        NDArray la = approx.add(1e-12).log().mul(mask);
        return rows(target.mul(lt.sub(la))).getFloat();
    }

    /** Mean over query rows of the entropy of the weights, in nats. */
    static double entropy(NDArray weights, NDArray mask) {
        NDArray lw = weights.add(1e-12).log().mul(mask);
        return rows(weights.mul(lw)).neg().getFloat();
    }
}
