package org.linrepro.nn.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.mixer.TokenMixer;

/**
 * One residual block of a mixer encoder: a token mixer, then (unless {@code ffnDim} is 0) a {@link FeedForward}, each
 * with its LayerNorm and residual. Pre-norm: x + f(LN x) per branch (the model adds a final LN); post-norm:
 * LN(x + f(x)). Dropout on each branch's output in training. With a mixer narrower than the model ({@code mixerDim <
 * dim}, LRA's {@code qkv_dim}) the mixer input is projected to that width and its output back.
 *
 * <p>The LRA encoder and the tracking classifier are stacks of these; the language model's {@code LmBlock} is the
 * pre-norm case as a DJL block (named parameters for its checkpoints, RMS norm and gated channels as options) and
 * shares the {@link FeedForward} and {@link Norm#composed} math. Without projections {@code projectIn} and
 * {@code projectOut} are null; without FFN {@code ffnNorm} and {@code ffn} are.
 */
public record ResidualBlock(Spec spec, TokenMixer mixer, NDArray projectIn, NDArray projectOut, Norm mixerNorm,
        Norm ffnNorm, FeedForward ffn) {
    /**
     * @param mixerDim the mixer's width; equal to {@code dim} for no projections
     * @param ffnDim the FFN's hidden width; 0 for a block that is the mixer alone
     */
    public record Spec(int dim, int mixerDim, int ffnDim, boolean preNorm, double dropout) {}

    /**
     * Registers the block's parameters in {@code p} in this order: the mixer's (initialised for inputs of
     * {@code mixerInput}), the two projections, the mixer's norm, the FFN's norm, the FFN.
     */
    public static ResidualBlock create(ParameterSet p, Spec s, TokenMixer mixer, Shape mixerInput,
            ParameterSet.MatrixInit dense) {
        p.adopt(mixer, mixerInput);
        NDArray in = s.mixerDim() == s.dim() ? null : dense.create(s.dim(), s.mixerDim());
        NDArray out = in == null ? null : dense.create(s.mixerDim(), s.dim());
        Norm mixerNorm = Norm.create(p, s.dim());
        if (s.ffnDim() == 0) {
            return new ResidualBlock(s, mixer, in, out, mixerNorm, null, null);
        }
        Norm ffnNorm = Norm.create(p, s.dim());
        return new ResidualBlock(s, mixer, in, out, mixerNorm, ffnNorm, FeedForward.create(p, s.dim(), s.ffnDim(), dense));
    }

    /**
     * The block on x [B, T, dim].
     *
     * @param keep null, or [B, T, 1] with 0 where the mixer's input is zeroed (padding made inert for a state-space
     *     mixer)
     */
    public NDArray forward(ParameterStore store, NDArray x, NDArray keep, boolean training) {
        if (spec.preNorm()) {
            x = x.add(drop(mix(store, masked(mixerNorm.forward(x), keep), training), training));
            return ffn == null ? x : x.add(drop(ffn.forward(ffnNorm.forward(x)), training));
        }
        x = mixerNorm.forward(x.add(drop(mix(store, masked(x, keep), training), training)));
        return ffn == null ? x : ffnNorm.forward(x.add(drop(ffn.forward(x), training)));
    }

    private NDArray mix(ParameterStore store, NDArray x, boolean training) {
        NDArray in = projectIn == null ? x : x.matMul(projectIn);
        NDArray out = mixer.forward(store, new NDList(in), training).singletonOrThrow();
        return projectOut == null ? out : out.matMul(projectOut);
    }

    private static NDArray masked(NDArray x, NDArray keep) {
        return keep == null ? x : x.mul(keep);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && spec.dropout() > 0 ? Dropout.dropout(x, (float) spec.dropout(), true).singletonOrThrow() : x;
    }
}
