package org.linrepro.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Random;
import org.linrepro.nn.lm.LanguageModel;

/**
 * Next-token prediction on a token stream as a {@link TrainingLoop} objective: each step's batch is {@code batch}
 * random contiguous windows of {@code length} tokens at offsets drawn from {@code Random(seed · 1000003 + step)}
 * alone, so a resumed run sees exactly the batches of the uninterrupted run without replaying any (the batch of
 * step s is [inputs, targets], each [batch][length]).
 */
final class LmObjective implements Objective<int[][][]> {
    private final LanguageModel model;
    private final int[] tokens;
    private final int batch;
    private final int length;
    private final long seed;

    LmObjective(LanguageModel model, int[] tokens, int batch, int length, long seed) {
        this.model = model;
        this.tokens = tokens;
        this.batch = batch;
        this.length = length;
        this.seed = seed;
    }

    @Override
    public int[][][] batch(NDManager manager, int step) {
        Random r = new Random(seed * 1_000_003L + step);
        int[][] in = new int[batch][length];
        int[][] tg = new int[batch][length];
        int range = tokens.length - length - 1;
        for (int b = 0; b < batch; b++) {
            int o = r.nextInt(range + 1);
            System.arraycopy(tokens, o, in[b], 0, length);
            System.arraycopy(tokens, o + 1, tg[b], 0, length);
        }
        return new int[][][] {in, tg};
    }

    /** The windows of a step depend on the step alone: nothing to replay. */
    @Override
    public void skip(NDManager manager, int step) {}

    @Override
    public long tokens(int[][][] b) {
        return (long) batch * length;
    }

    @Override
    public NDArray loss(NDManager manager, int[][][] b, int index, int count) {
        int micro = batch / count;
        NDArray in = manager.create(Arrays.copyOfRange(b[0], index * micro, (index + 1) * micro));
        NDArray tg = manager.create(Arrays.copyOfRange(b[1], index * micro, (index + 1) * micro));
        return model.loss(new ParameterStore(manager, false), in, tg, true);
    }
}
