package org.linrepro.nn.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive softmax (Grave et al. 2017, "Efficient softmax approximation for GPUs"), the output layer of large-vocabulary
 * word LMs. Word ids must be sorted by frequency (most frequent first). With cutoffs c₀ &lt; c₁ &lt; … &lt; c_{n−1}
 * &lt; V, a head softmax covers the c₀ frequent words plus one entry per tail cluster; tail cluster i covers the ids
 * [c_i, c_{i+1}) (c_n = V) and sees the hidden state through a projection to width d / factor^{i+1}, so rare words
 * cost fewer parameters and operations:
 *
 * <pre>
 *   log p(w) = log softmax(h W_head)[w]                                           for w &lt; c₀
 *   log p(w) = log softmax(h W_head)[c₀ + i] + log softmax(h P_i O_i)[w − c_i]       for w in cluster i
 * </pre>
 *
 * {@link #logProbabilities} returns the whole normalised distribution [.., V] (every cluster evaluated), which is
 * what perplexity and sampling need; it sums to one over the vocabulary by construction.
 */
public final class AdaptiveSoftmax extends AbstractBlock {
    private final int vocab;
    private final List<Integer> cutoffs;
    private final Parameter head;
    private final List<Parameter> projections = new ArrayList<>();
    private final List<Parameter> outputs = new ArrayList<>();

    public AdaptiveSoftmax(int dim, int vocab, List<Integer> cutoffs, double factor) {
        super((byte) 1);
        this.vocab = vocab;
        this.cutoffs = List.copyOf(cutoffs);
        int n = cutoffs.size();
        head = param("head", new Shape(dim, cutoffs.get(0) + n), dim);
        for (int i = 0; i < n; i++) {
            int width = tailWidth(dim, factor, i);
            projections.add(param("tailProjection" + i, new Shape(dim, width), dim));
            outputs.add(param("tailOutput" + i, new Shape(width, clusterSize(vocab, cutoffs, i)), width));
        }
    }

    /** Width of tail cluster i's projection: d / factor^{i+1}, at least 1. */
    public static int tailWidth(int dim, double factor, int i) {
        return Math.max(1, (int) Math.floor(dim / Math.pow(factor, i + 1)));
    }

    /** Number of words in tail cluster i. */
    static int clusterSize(int vocab, List<Integer> cutoffs, int i) {
        int end = i + 1 < cutoffs.size() ? cutoffs.get(i + 1) : vocab;
        return end - cutoffs.get(i);
    }

    /** Parameters of this layer, from the shapes alone. */
    public static long parameterCount(int dim, int vocab, List<Integer> cutoffs, double factor) {
        long n = (long) dim * (cutoffs.get(0) + cutoffs.size());
        for (int i = 0; i < cutoffs.size(); i++) {
            int w = tailWidth(dim, factor, i);
            n += (long) dim * w + (long) w * clusterSize(vocab, cutoffs, i);
        }
        return n;
    }

    private Parameter param(String name, Shape shape, long fanIn) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(LmBlock.uniform(fanIn)).build());
    }

    /** Log-probabilities over the whole vocabulary: hidden [.., D] → [.., V]. */
    public NDArray logProbabilities(ParameterStore ps, NDArray hidden, boolean training) {
        NDArray headLp = hidden.matMul(ps.getValue(head, hidden.getDevice(), training)).logSoftmax(-1);
        int c0 = cutoffs.get(0);
        List<NDArray> parts = new ArrayList<>();
        parts.add(headLp.get("..., 0:" + c0));
        for (int i = 0; i < cutoffs.size(); i++) {
            NDArray tail = hidden.matMul(ps.getValue(projections.get(i), hidden.getDevice(), training))
                    .matMul(ps.getValue(outputs.get(i), hidden.getDevice(), training)).logSoftmax(-1);
            NDArray cluster = headLp.get("..., " + (c0 + i) + ":" + (c0 + i + 1)); // [.., 1], broadcast over the cluster
            parts.add(tail.add(cluster));
        }
        return org.linrepro.nn.ops.Tensors.concat(parts, -1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(logProbabilities(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(vocab)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters only
    }
}
