package org.linrepro.nn.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameter model of the array-based models (LRA encoder, tracking classifier, ICL transformer): float32 arrays
 * in one manager, drawn from the engine's seeded generator in the order they are asked for, and kept in that order
 * as the list the optimiser updates. A DJL block inside such a model (a token mixer) is initialised here too and its
 * arrays join the list where it was adopted, so the draws and the list follow the model's construction order.
 */
public final class ParameterSet {
    /** A weight matrix [in, out] drawn and registered by one of the initialisations below. */
    @FunctionalInterface
    public interface MatrixInit {
        NDArray create(int in, int out);
    }

    private final NDManager manager;
    private final boolean requiresGradient;
    private final List<NDArray> arrays = new ArrayList<>();

    /**
     * @param requiresGradient whether each array is marked for gradients when it is registered (models whose
     *     trainer marks them itself, as the ICL training does, pass false)
     */
    public ParameterSet(NDManager manager, boolean requiresGradient) {
        this.manager = manager;
        this.requiresGradient = requiresGradient;
    }

    public NDManager manager() {
        return manager;
    }

    /** Registers an array drawn elsewhere (a model's own initialisation) as the next parameter. */
    public NDArray add(NDArray a) {
        if (requiresGradient) {
            a.setRequiresGradient(true);
        }
        arrays.add(a);
        return a;
    }

    /** Initialises {@code block} for inputs of {@code inputShape} and registers its arrays, in the block's order. */
    public <B extends Block> B adopt(B block, Shape inputShape) {
        block.initialize(manager, DataType.FLOAT32, inputShape);
        for (Pair<String, Parameter> p : block.getParameters()) {
            add(p.getValue().getArray());
        }
        return block;
    }

    public NDArray ones(long n) {
        return add(manager.ones(new Shape(n)));
    }

    public NDArray zeros(long n) {
        return add(manager.zeros(new Shape(n)));
    }

    /** N(0, std²). */
    public NDArray normal(double std, long... shape) {
        return add(manager.randomNormal(0, (float) std, new Shape(shape), DataType.FLOAT32));
    }

    /** The PyTorch {@code nn.Linear} default U(−1/√in, 1/√in). */
    public NDArray linear(int in, int out) {
        float a = (float) (1.0 / Math.sqrt(in));
        return add(manager.randomUniform(-a, a, new Shape(in, out), DataType.FLOAT32));
    }

    /** Xavier (Glorot) uniform U(−√(6/(in+out)), √(6/(in+out))), flax's {@code xavier_uniform}. */
    public NDArray xavier(int in, int out) {
        float a = (float) Math.sqrt(6.0 / (in + out));
        return add(manager.randomUniform(-a, a, new Shape(in, out), DataType.FLOAT32));
    }

    /** Every registered array, in registration order (the optimiser and checkpoints rely on it). */
    public List<NDArray> arrays() {
        return arrays;
    }

    /** Number of scalars in all registered arrays. */
    public long count() {
        long n = 0;
        for (NDArray a : arrays) {
            n += a.size();
        }
        return n;
    }
}
