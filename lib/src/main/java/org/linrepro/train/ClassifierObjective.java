package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;
import java.util.SplittableRandom;
import org.linrepro.nn.Classifier;

/**
 * Supervised classification as a {@link TrainingLoop} objective: batches of {@code batch} examples from seeded epoch
 * permutations of the training set (the same seed, the same batches), mean cross-entropy, and validation accuracy as
 * the score.
 *
 * @param <E> example type
 */
public final class ClassifierObjective<E> implements Objective<List<E>> {
    private final Classifier<E> model;
    private final List<E> valid;
    private final int evalBatch;
    private final EpochBatches<E> batches;

    /** @param seed the batch order's; {@code valid} is scored in batches of max(batch, 64) */
    public ClassifierObjective(Classifier<E> model, List<E> train, List<E> valid, int batch, long seed) {
        this.model = model;
        this.valid = valid;
        this.evalBatch = Math.max(batch, 64);
        this.batches = new EpochBatches<>(train, batch, new SplittableRandom(seed)::nextInt);
    }

    @Override
    public List<E> batch(NDManager manager, int step) {
        return batches.next();
    }

    @Override
    public long tokens(List<E> b) {
        return model.tokens(b);
    }

    @Override
    public NDArray loss(NDManager manager, List<E> b, int index, int count) {
        List<E> part = count == 1 ? b : b.subList(index * b.size() / count, (index + 1) * b.size() / count);
        return crossEntropy(model.logits(manager, part, true), labels(manager, part));
    }

    @Override
    public double evaluate(NDManager manager) {
        return accuracy(model, manager, valid, evalBatch);
    }

    @Override
    public String scoreName() {
        return "valid acc";
    }

    /** Accuracy of the model as it is now on {@code data}, in batches of {@code batch}. */
    public static <E> double accuracy(Classifier<E> model, NDManager manager, List<E> data, int batch) {
        long correct = 0;
        for (int i = 0; i < data.size(); i += batch) {
            List<E> b = data.subList(i, Math.min(data.size(), i + batch));
            try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                long[] pred = model.logits(sm, b, false).argMax(1).toType(ai.djl.ndarray.types.DataType.INT64, false)
                        .toLongArray();
                for (int j = 0; j < pred.length; j++) {
                    correct += pred[j] == model.label(b.get(j)) ? 1 : 0;
                }
            }
        }
        return (double) correct / data.size();
    }

    private NDArray labels(NDManager m, List<E> b) {
        long[] y = new long[b.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = model.label(b.get(i));
        }
        return m.create(y);
    }

    /** Mean cross-entropy of logits [B, C] against integer labels [B]. */
    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) logits.getShape().get(1));
        return logp.mul(oneHot).sum(new int[] {1}).mean().neg();
    }
}
