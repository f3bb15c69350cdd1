package org.linrepro.nn.mixer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.linrepro.nn.ops.DeltaRuleOps;
import org.linrepro.nn.ops.Tensors;

/**
 * Mixture-of-Memories (Du, Sun, Lan, Hu, Cheng, "MoM: Linear Sequence Modeling with
 * Mixture-of-Memories", arXiv 2502.13685, §3): M independent memory states and a router.
 *
 * <pre>
 *   router:   s_t = TopK(softmax(x_t W_g)),  g_t^m = s_t^m / Σ_{m'∈TopK} s_t^{m'}
 *   memory m: k_t^m = x_t W_k^m,  v_t^m = x_t W_v^m;  M_t^m = update(M_{t−1}^m, k_t^m, v_t^m) if m ∈ TopK(t),
 *             else M_t^m = M_{t−1}^m
 *   mixing:   M̃_t = M_t^shared + Σ_{m∈TopK(t)} g_t^m M_t^m,    o_t = q_t M̃_t
 * </pre>
 *
 * with a shared memory that every token updates (§3.3) and update = linear attention M + k^T v
 * ({@link Rule#LINEAR}, the paper's base form) or the delta rule with β_t = σ(x_t W_β)
 * ({@link Rule#DELTA}; the paper's framework takes any linear-RNN update). Equation numbers of the
 * paper were not checked; the structure above follows its §3 text.
 *
 * <p>Because o_t = Σ_m (g_t^m q_t) M_t^m, the mixture is M + 1 ordinary linear-attention (or delta)
 * runs batched along the head axis: memory m sees the keys of the tokens routed to it (others have
 * k = 0, or β = 0 for the delta rule — no write) and the queries scaled by g_t^m. So all three forms
 * are those of the underlying op. q and every k are L2Norm(SiLU(·)), v = SiLU(·); per-head
 * RMSNorm on the output, then W_O. Routing uses a hard top-k (no gradient through the selection,
 * gradient through g). Causal only.
 */
public final class MomMixer extends AbstractMixer {

    /** The memory update rule. */
    public enum Rule {
        LINEAR,
        DELTA
    }

    /** Config of {@code mom}: {@code memories} M routed memories (plus one shared), top-k routing. */
    public record Config(int dim, int heads, boolean causal, int chunkSize, MixerForm form, int memories, int topK, Rule rule)
            implements MixerConfig {
        public Config {
            MixerConfig.requireCausal(causal, "mom");
            if (memories < 1 || topK < 1 || topK > memories || rule == null) {
                throw new IllegalArgumentException("mom needs 1 <= topK <= memories and a rule, got topK=" + topK
                        + " memories=" + memories);
            }
        }

        /** M = 4, top-2 (the paper's usual setting), linear-attention memories. */
        public static Config defaults(int dim, int heads, boolean causal) {
            return new Config(dim, heads, causal, 64, MixerForm.CHUNKED, 4, 2, Rule.LINEAR);
        }

        public Config withRule(Rule r) {
            return new Config(dim, heads, causal, chunkSize, form, memories, topK, r);
        }
    }

    private final Parameter wq;
    private final Parameter wk;
    private final Parameter wv;
    private final Parameter wr;
    private final Parameter wb;
    private final Parameter wo;

    public MomMixer(Config c) {
        super("mom", c);
        long banks = c.memories() + 1L; // routed memories, then the shared one
        wq = linearWeight("wq", c.dim(), c.dim());
        wk = linearWeight("wk", c.dim(), c.dim() * banks);
        wv = linearWeight("wv", c.dim(), c.dim() * banks);
        wr = linearWeight("wr", c.dim(), c.memories());
        wb = c.rule() == Rule.DELTA ? linearWeight("wb", c.dim(), c.heads() * banks) : null;
        wo = linearWeight("wo", c.dim(), c.dim());
    }

    /**
     * Routing weights [B, L, M + 1]: renormalised top-k softmax scores for the routed memories
     * (0 where not selected; ties go to the lower index), 1 for the shared memory.
     */
    static NDArray routing(NDArray logits, int topK) {
        NDManager m = logits.getManager();
        DataType dt = logits.getDataType();
        long mem = logits.getShape().get(2);
        NDArray p = logits.softmax(-1); // [B,L,M]
        NDArray pi = p.expandDims(-1); // [B,L,M,1]: memory m
        NDArray pj = p.expandDims(-2); // [B,L,1,M]: competitor j
        NDArray lower = Tensors.causalMask(m, mem, dt, false); // (m, j) = 1 when j < m
        NDArray beaten = pj.gt(pi).toType(dt, false).add(pj.eq(pi).toType(dt, false).mul(lower));
        NDArray rank = beaten.sum(new int[] {-1}).stopGradient(); // memories ahead of m
        NDArray selected = rank.lt(topK).toType(dt, false);
        NDArray s = p.mul(selected);
        NDArray g = s.div(s.sum(new int[] {-1}, true));
        Shape shape = g.getShape();
        return g.concat(m.ones(new Shape(shape.get(0), shape.get(1), 1), dt), -1);
    }

    @Override
    protected NDArray mixImpl(ParameterStore ps, NDArray x, MixerForm form, boolean training) {
        Config c = (Config) config();
        int h = heads();
        int banks = c.memories() + 1;
        long b = x.getShape().get(0);
        long l = x.getShape().get(1);
        long d = dim() / h;
        NDArray g = routing(project(ps, wr, x, training), c.topK()); // [B,L,M+1]
        NDArray gh = g.transpose(0, 2, 1).reshape(b, banks, 1, l, 1); // per memory, token
        NDArray written = g.gt(0).toType(x.getDataType(), false).transpose(0, 2, 1).reshape(b, banks, 1, l, 1);
        NDArray q = DeltaNetMixer.l2Normalize(Tensors.splitHeads(Tensors.silu(project(ps, wq, x, training)), h));
        NDArray qm = q.expandDims(1).mul(gh).reshape(b, banks * h, l, d); // g_t^m q_t
        NDArray k = DeltaNetMixer.l2Normalize(Tensors.splitHeads(Tensors.silu(project(ps, wk, x, training)), banks * h));
        NDArray v = Tensors.splitHeads(Tensors.silu(project(ps, wv, x, training)), banks * h);
        NDArray mask = written.broadcast(b, banks, h, l, 1).reshape(b, banks * h, l, 1);
        NDArray o;
        if (c.rule() == Rule.LINEAR) {
            o = LinearAttentionForms.linear(qm, k.mul(mask), v, null, true, form, c.chunkSize());
        } else {
            NDArray beta = Activation.sigmoid(project(ps, wb, x, training)).transpose(0, 2, 1) // [B,(M+1)H,L]
                    .mul(mask.squeeze(-1));
            NDArray kk = k;
            o = byForm(form,
                    () -> DeltaRuleOps.parallel(qm, kk, v, beta, null, null).output(),
                    () -> DeltaRuleOps.recurrent(qm, kk, v, beta),
                    () -> DeltaRuleOps.chunked(qm, kk, v, beta, null, null, c.chunkSize()).output());
        }
        NDArray mixed = o.reshape(b, banks, h, l, d).sum(new int[] {1}); // Σ_m g^m q M^m
        return project(ps, wo, Tensors.mergeHeads(Tensors.rmsNorm(mixed, 1e-6)), training);
    }
}
