package org.linrepro.nn.adapters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.linrepro.nn.ops.Tensors;
import java.util.Random;

/**
 * W x + s·B A x around a frozen {@link Dense}; A (r × in), B (out × r) as {@link LoraMethod#shapes} lists them.
 * LoRA starts from B = 0 (function unchanged); PiSSA from the top-r singular triplets with W replaced by the
 * residual (function unchanged up to rounding). Merge and unmerge are {@link AdaptedLinear}'s with ΔW = s·B A; the
 * unmerged forward keeps the factored form (x Aᵀ) Bᵀ, r(in + out) per token instead of in·out.
 */
public final class LoraLinear extends AdaptedLinear {
    private final NDArray a;
    private final NDArray b;
    private final double scale;

    private LoraLinear(Dense base, NDArray a, NDArray b, double scale) {
        super(base);
        this.a = a;
        this.b = b;
        this.scale = scale;
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
    }

    /**
     * LoRA's initialisation (loralib/PEFT): A ~ U(−1/√in, 1/√in) (Kaiming-uniform with a = √5), B = 0,
     * s = alpha / r.
     */
    public static LoraLinear lora(Dense base, int r, double alpha, Random rng) {
        NDManager m = base.weight().getManager();
        int in = base.in();
        float[] av = new float[r * in];
        double bound = 1 / Math.sqrt(in);
        for (int i = 0; i < av.length; i++) {
            av[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        List<ParameterSpec> s = LoraMethod.shapes("", in, base.out(), r);
        return new LoraLinear(base, m.create(av, new Shape(s.get(0).shape())), m.zeros(new Shape(s.get(1).shape())),
                alpha / r);
    }

    /**
     * PiSSA: W = U S Vᵀ; A = √S_r V_rᵀ, B = U_r √S_r, W_res = W − B A frozen in place of W; scale 1
     * (lora_alpha = r).
     */
    public static LoraLinear pissa(Dense base, int r) {
        NDManager m = base.weight().getManager();
        int out = base.out();
        int in = base.in();
        Svd svd = Svd.of(base.weight().toType(DataType.FLOAT64, false).toDoubleArray(), out, in);
        float[] bv = new float[out * r];
        float[] av = new float[r * in];
        for (int k = 0; k < r; k++) {
            double sq = Math.sqrt(svd.s()[k]);
            for (int i = 0; i < out; i++) {
                bv[i * r + k] = (float) (svd.u()[i][k] * sq);
            }
            for (int j = 0; j < in; j++) {
                av[k * in + j] = (float) (svd.v()[j][k] * sq);
            }
        }
        NDArray a = m.create(av, new Shape(r, in));
        NDArray b = m.create(bv, new Shape(out, r));
        base.replaceWeight(base.weight().sub(b.matMul(a)));
        return new LoraLinear(base, a, b, 1.0);
    }

    /** A LoRA layer from given factors (EVA's data-driven A). */
    static LoraLinear of(Dense base, NDArray a, NDArray b, double scale) {
        return new LoraLinear(base, a, b, scale);
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    /** ΔW = s·B A. */
    @Override
    public NDArray deltaWeight() {
        return b.matMul(a).muli(scale);
    }

    @Override
    protected NDArray update(NDArray x) {
        // engine-owned scalar: DJL's mul(Number) frees its scalar before backward (README, DJL traps)
        return Tensors.mul(x.matMul(a.transpose()).matMul(b.transpose()), scale);
    }

    @Override
    public List<NDArray> trainable() {
        return List.of(a, b);
    }
}
