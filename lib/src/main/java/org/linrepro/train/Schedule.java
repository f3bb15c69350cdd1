package org.linrepro.train;

/**
 * A learning rate as a function of the update index: {@code at(s)} is the rate of the update made after {@code s}
 * updates (the first update is {@code at(0)}, as in flax's {@code optimizer.state.step}, a PyTorch {@code LambdaLR}
 * or fairseq's {@code num_updates}).
 */
@FunctionalInterface
public interface Schedule {
    double at(int step);
}
