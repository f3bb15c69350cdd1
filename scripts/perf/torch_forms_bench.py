"""PyTorch-eager twins of the chunked forms of the newer mixers, for the side-by-side benchmark in
scripts/perf/compare.sh. Written here from the equations, step for step as the Java ops compute them
(LinearAttentionOps.chunked, DeltaRuleOps.chunked), so the ratio measures the two runtimes on one algorithm.
Decay matrices and masks are built inside the op on both sides, as the Java ops build them.

  mamba2-chunk          SSD (2405.21060 §6): decayed linear attention with a scalar log-decay per head and
                        token, g = logsigmoid(q[..., :1]); chunk 64. Blocks: b = inclusive cumsum of g (a
                        triangular matmul), intra = (Q K^T (.) exp(b_t - b_s) masked) V, state hand-over
                        S <- exp(b_C) S + (K (.) exp(b_C - b))^T V as one matmul over the blocks (weights
                        exp of segment sums of the block log-decays), out += (Q (.) exp(b)) S.
  gla-chunk             GLA (2312.06635 §4): the same with a per-key-channel log-decay g = logsigmoid(k) / 16
                        (tau = 16) and chunk 16 (the gla mixer's default); the intra-block scores are built from
                        a [C, C, dk] tensor of masked exponentials (no secondary chunking), as the Java op; the
                        per-channel hand-over stays a loop over the blocks.
  mom-chunk             MoM (2502.13685 §3): M = 4 routed memories plus a shared one as 5 x 4 = 20 heads of
                        plain chunked linear attention (no decay), chunk 64: q, k, v [1, 20, T, 64].
  gated-deltanet-chunk  the gated delta rule (2412.06464 §3.3): DeltaNet's WY form with the cumulative decays,
                        g = logsigmoid(q[..., 1]), beta = sigmoid(q[..., 0]), L2-normalised keys; chunk 64.
                        Each block hands on S <- M S + N (M = Gamma_C I - K~^T W, N = K~^T T V, batched); the
                        pseudo-values and outputs of all blocks are batched after that loop.
  deltaproduct-chunk    DeltaProduct with n_h = 2 (2502.10297): the delta rule on the 2T sub-steps (queries
                        zero at each token's first sub-step, its last sub-step's output kept), beta =
                        2 sigmoid(k[..., 0]) in (0, 2), chunk 64 tokens = 128 sub-steps; k, v [1, 4, 2T, 64].
  lightning-plain-twin  the lightning mixer's op (no feature map, no normaliser, per-head constant decay
                        -2^(-8(h+1)/H)) exactly as LinearAttentionOps.chunked computes it: one block's
                        cumulative decay broadcast over the blocks; chunk 64.
  linear-elu-chunk-twin the linear-elu mixer's op exactly as the Java computes it: elu(x) + 1 (native elu, one
                        add), then LinearAttentionOps.chunkedNormalized (row sums and a running key sum);
                        chunk 64.

Same protocol as ../shared/perf/torch_attention_bench.py: fp32, 2 threads, warm-up 2, then >= 5 runs until
>= 1 s, median; fwd without autograd, fwd+bwd with a ones seed made before the clock. Before timing, each
chunked form is checked against its token-by-token recurrence in fp64. Writes JSON records
{mixer, length, fwdMs, fwdBwdMs} that ../shared/perf/compare.py reads.

  python scripts/perf/torch_forms_bench.py --json target/perf/torch-forms.json [--mixers a,b] [--lengths ...]
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_delta_bench import blocked_inverse, causal, timed  # noqa: E402  (the delta rule's shared pieces)

MIXERS = ["mamba2-chunk", "gla-chunk", "mom-chunk", "gated-deltanet-chunk", "deltaproduct-chunk"]
# Exact twins of two ops ../shared/perf/torch_attention_bench.py also times, there in its own way (constants built
# once outside the clock, F.elu, its own normaliser): these follow the Java ops step for step instead.
TWINS = ["lightning-plain-twin", "linear-elu-chunk-twin"]


def to_chunks(x, c):
    """[B, H, L, d] -> [B, H, n, C, d], zero-padded at the end (as Tensors.padToChunks)."""
    b, h, t, d = x.shape
    n = -(-t // c)
    if n * c != t:
        x = F.pad(x, (0, 0, 0, n * c - t))
    return x.reshape(b, h, n, c, d)


def decayed_scores(q, k, b, tri):
    """A_ts = sum_c q_tc k_sc exp(b_tc - b_sc) for s <= t (LinearAttentionOps.decayedScores)."""
    if b.shape[-1] == 1:
        d = ((b - b.transpose(-1, -2)) * tri).exp() * tri
        return (q @ k.transpose(-1, -2)) * d
    tri3 = tri[..., None]
    d = ((b.unsqueeze(-2) - b.unsqueeze(-3)) * tri3).exp() * tri3
    return (q.unsqueeze(-2) * k.unsqueeze(-3) * d).sum(-1)


def states_before(contrib, log_decay):
    """LinearAttentionOps.statesBeforeBlocks: the state entering every block (stacked on axis 2) from each block's
    contribution [B, H, n, dk, dv] and, optionally, each block's log-decay of the state rows [B|1, H, n|1, dk|1, 1].
    No decay or one decay per head: one matmul over the blocks with weights exp(segment sums of the log-decays)
    (LinearAttentionOps.statesByMatMul); a per-channel decay keeps the loop (one for all blocks when its block axis
    is 1)."""
    bsz, h, n, dk, dv = contrib.shape
    if log_decay is None or log_decay.shape[3] == 1:
        incl = causal(n + 1, True, contrib.dtype)
        if log_decay is None:
            weights = incl
        else:
            a = log_decay.reshape(log_decay.shape[0], h, -1).expand(log_decay.shape[0], h, n)
            shifted = torch.cat([a.new_zeros(a.shape[0], h, 1), a], 2)[..., None]  # row i holds a_{i-1}
            weights = ((shifted * causal(n + 1, False, contrib.dtype)).cumsum(2)).exp() * incl
        return (weights[..., :n, 1:] @ contrib.reshape(bsz, h, n, dk * dv)).reshape(bsz, h, n, dk, dv)
    decay = log_decay.exp()
    s = contrib.new_zeros(bsz, h, 1, dk, dv)
    states = []
    decays = [decay] * n if decay.shape[2] == 1 else decay.split(1, 2)
    for i, ci in enumerate(contrib.split(1, 2)):
        states.append(s)
        s = s * decays[i] + ci
    return torch.cat(states, 2)


def linear_chunk(q, k, v, g, c):
    """LinearAttentionOps.chunked, causal, zero initial state; g None, [B|1, H, 1, 1] (constant in time: one block's
    cumulative decay and decay matrix, broadcast over the blocks; a zero-padded last block gets its own cumulative
    sum) or [B, H, L, 1|dk] varying in time."""
    bsz, h, t, _ = q.shape
    c = min(c, t)
    n = -(-t // c)
    qc, kc, vc = to_chunks(q, c), to_chunks(k, c), to_chunks(v, c)
    tri = causal(c, True, q.dtype)
    decay = None
    if g is None:
        o_intra = ((qc @ kc.transpose(-1, -2)) * tri) @ vc
        k_state, q_state = kc, qc
    else:
        if g.shape[2] == 1 and g.shape[3] == 1:
            b_scores = tri @ to_chunks(g.expand(g.shape[0], h, c, 1), c)
            if n * c == t:
                b = b_scores
            else:
                tail = tri @ to_chunks(g.expand(g.shape[0], h, t - (n - 1) * c, 1), c)
                b = tail if n == 1 else torch.cat([b_scores.expand(g.shape[0], h, n - 1, c, 1), tail], 2)
        else:
            b = b_scores = tri @ to_chunks(g.expand(bsz, h, t, g.shape[-1]), c)
        b_last = b[:, :, :, c - 1:]
        o_intra = decayed_scores(qc, kc, b_scores, tri) @ vc
        k_state = kc * (b_last - b).exp()
        q_state = qc * b.exp()
        decay = b_last.transpose(-1, -2)  # log-decay of each block
    o = o_intra + q_state @ states_before(k_state.transpose(-1, -2) @ vc, decay)
    return o.reshape(bsz, h, n * c, v.shape[3])[:, :, :t]


def elu_plus_one(x):
    """Tensors.eluPlusOne: the native elu and one add, two element-wise passes."""
    return F.elu(x) + 1


def normalized_chunk(q, k, v, c, eps=1e-6):
    """LinearAttentionOps.chunkedNormalized: o_t = q_t S_t / (q_t . z_t + eps), the denominator from the masked
    scores' row sums inside a block and the running key sum across blocks."""
    t = q.shape[2]
    c = min(c, t)
    qc, kc, vc = to_chunks(q, c), to_chunks(k, c), to_chunks(v, c)
    n = qc.shape[2]
    a = (qc @ kc.transpose(-1, -2)) * causal(c, True, q.dtype)
    s_all = states_before(kc.transpose(-1, -2) @ vc, None)
    ks = kc.sum(3, keepdim=True)
    z0 = ks.new_zeros(ks.shape[0], ks.shape[1], 1, 1, ks.shape[4])
    z_all = z0 if n == 1 else torch.cat([z0, ks.cumsum(2)[:, :, :n - 1]], 2)
    num = a @ vc + qc @ s_all
    den = a.sum(-1, keepdim=True) + qc @ z_all.transpose(-1, -2)
    o = num / (den + eps)
    return o.reshape(o.shape[0], o.shape[1], n * c, o.shape[4])[:, :, :t]


def lightning_decay(heads, dtype):
    """The per-head log-decays of djl_ops_bench.jsh and the shared bench: -2^(-8 (h + 1) / H)."""
    return torch.tensor([-(2.0 ** (-8.0 * (h + 1) / heads)) for h in range(heads)], dtype=dtype).view(1, heads, 1, 1)


def delta_chunk(q, k, v, beta, g, c):
    """DeltaRuleOps.chunked (the stable form), g None (DeltaNet) or [B, H, L] (gated delta rule)."""
    t = q.shape[2]
    c = min(c, t)
    qc, kc, vc = to_chunks(q, c), to_chunks(k, c), to_chunks(v, c)
    bc = to_chunks(beta[..., None], c)
    strict, incl = causal(c, False, q.dtype), causal(c, True, q.dtype)
    kb = kc * bc
    a = (kb @ kc.transpose(-1, -2)) * strict
    qk = (qc @ kc.transpose(-1, -2)) * incl
    kw, q_state, k_state, decay = kb, qc, kc, None
    if g is not None:
        gc = to_chunks(g[..., None], c)
        cum = gc.cumsum(3)
        seg = (gc.expand(*gc.shape[:4], c) * strict).cumsum(3)
        dec = seg.exp()
        a = a * dec
        qk = qk * dec
        gamma = cum.exp()
        kw = kb * gamma
        q_state = qc * gamma
        k_state = kc * seg[:, :, :, c - 1:].transpose(-1, -2).exp()
        decay = cum[:, :, :, c - 1:].exp()
    inv = blocked_inverse(a, c)
    w = inv @ kw
    u0 = inv @ (vc * bc)
    # each block's hand-over S' = M S + N: M = Gamma_C I - K~^T W, N = K~^T T V, for all blocks at once
    eye = torch.eye(k.shape[3], dtype=q.dtype)
    trans = (eye if decay is None else decay * eye) - k_state.transpose(-1, -2) @ w
    from_values = k_state.transpose(-1, -2) @ u0
    s = q.new_zeros(q.shape[0], q.shape[1], q.shape[3], v.shape[3])
    states = []
    for mi, ni in zip(trans.unbind(2), from_values.unbind(2)):
        states.append(s)
        s = mi @ s + ni
    s_all = torch.stack(states, 2)
    o = q_state @ s_all + qk @ (u0 - w @ s_all)  # all blocks' pseudo-values and outputs at once
    return o.reshape(o.shape[0], o.shape[1], -1, o.shape[4])[:, :, :t]


def l2(x):
    return x / (x.square().sum(-1, keepdim=True) + 1e-6).sqrt()


def interleave_queries(q):
    """[B, H, T, d] -> [B, H, 2T, d] with zeros at each token's first sub-step (DeltaProductMixer, n_h = 2)."""
    b, h, t, d = q.shape
    return torch.cat([q.new_zeros(b, h, t, 1, d), q.unsqueeze(3)], 3).reshape(b, h, 2 * t, d)


def run(mixer, q, k, v):
    if mixer == "mamba2-chunk":
        return linear_chunk(q, k, v, F.logsigmoid(q[..., :1]), 64)
    if mixer == "gla-chunk":
        return linear_chunk(q, k, v, F.logsigmoid(k) / 16, 16)
    if mixer == "mom-chunk":
        return linear_chunk(q, k, v, None, 64)
    if mixer == "gated-deltanet-chunk":
        return delta_chunk(q, l2(k), v, torch.sigmoid(q[..., 0]), F.logsigmoid(q[..., 1]), 64)
    if mixer == "deltaproduct-chunk":
        o = delta_chunk(interleave_queries(q), l2(k), v, 2 * torch.sigmoid(k[..., 0]), None, 128)
        b, h, t2, dv = o.shape
        return o.reshape(b, h, t2 // 2, 2, dv)[:, :, :, 1]
    if mixer == "lightning-plain-twin":
        return linear_chunk(q, k, v, lightning_decay(q.shape[1], q.dtype), 64)
    if mixer == "linear-elu-chunk-twin":
        return normalized_chunk(elu_plus_one(q), elu_plus_one(k), v, 64)
    raise ValueError(f"unknown mixer {mixer}")


def shapes(mixer, t):
    """q shape and k/v shape [B, H, L, d] of a mixer's benchmark at T tokens."""
    if mixer == "mom-chunk":
        return (1, 20, t, 64), (1, 20, t, 64)
    if mixer == "deltaproduct-chunk":
        return (1, 4, t, 64), (1, 4, 2 * t, 64)
    return (1, 4, t, 64), (1, 4, t, 64)


def linear_recurrence(q, k, v, g):
    s = q.new_zeros(q.shape[0], q.shape[1], q.shape[3], v.shape[3])
    outs = []
    for t in range(q.shape[2]):
        if g is not None:
            s = s * g[:, :, t, :, None].exp()
        s = s + k[:, :, t, :, None] @ v[:, :, t, None, :]
        outs.append(q[:, :, t, None, :] @ s)
    return torch.cat(outs, 2)


def delta_recurrence(q, k, v, beta, g):
    s = q.new_zeros(q.shape[0], q.shape[1], q.shape[3], v.shape[3])
    outs = []
    for t in range(q.shape[2]):
        if g is not None:
            s = s * g[:, :, t, None, None].exp()
        kt = k[:, :, t, None, :]
        s = s + kt.transpose(-1, -2) @ ((v[:, :, t, None, :] - kt @ s) * beta[:, :, t, None, None])
        outs.append(q[:, :, t, None, :] @ s)
    return torch.cat(outs, 2)


def check(mixer):
    """The chunked twin against the token-by-token recurrence (fp64, T = 75, awkward for every chunk size)."""
    gen = torch.Generator().manual_seed(0)
    qs, kvs = shapes(mixer, 75)
    qs, kvs = (qs[0], min(qs[1], 4), qs[2], 8), (kvs[0], min(kvs[1], 4), kvs[2], 8)
    q = torch.randn(*qs, generator=gen, dtype=torch.float64)
    k, v = (torch.randn(*kvs, generator=gen, dtype=torch.float64) for _ in range(2))
    if mixer == "mamba2-chunk":
        ref = linear_recurrence(q, k, v, F.logsigmoid(q[..., :1]))
    elif mixer == "gla-chunk":
        ref = linear_recurrence(q, k, v, F.logsigmoid(k) / 16)
    elif mixer == "mom-chunk":
        ref = linear_recurrence(q, k, v, None)
    elif mixer == "lightning-plain-twin":
        ref = linear_recurrence(q, k, v, lightning_decay(q.shape[1], q.dtype).expand(1, q.shape[1], 75, 1))
    elif mixer == "linear-elu-chunk-twin":
        qf, kf = elu_plus_one(q), elu_plus_one(k)
        num = linear_recurrence(qf, kf, v, None)
        den = linear_recurrence(qf, kf, torch.ones_like(v[..., :1]), None)
        ref = num / (den + 1e-6)
    elif mixer == "gated-deltanet-chunk":
        ref = delta_recurrence(q, l2(k), v, torch.sigmoid(q[..., 0]), F.logsigmoid(q[..., 1]))
    else:
        o = delta_recurrence(interleave_queries(q), l2(k), v, 2 * torch.sigmoid(k[..., 0]), None)
        ref = o.reshape(o.shape[0], o.shape[1], 75, 2, o.shape[3])[:, :, :, 1]
    err = (run(mixer, q, k, v) - ref).abs().max().item() / ref.abs().max().item()
    assert err < 1e-10, f"{mixer}: the chunked twin differs from the recurrence: {err}"
    return err


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lengths", default="512,1024,2048,4096,8192")
    ap.add_argument("--mixers", default=",".join(MIXERS + TWINS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    mixers = [m.strip() for m in a.mixers.split(",") if m.strip()]
    for m in mixers:
        print(f"# torch {torch.__version__}, threads {a.threads}; {m} vs its recurrence: max rel err {check(m):.1e}")
    recs = []
    for mixer in mixers:
        for t in (int(x) for x in a.lengths.split(",")):
            gen = torch.Generator().manual_seed(1)
            qs, kvs = shapes(mixer, t)
            q = torch.randn(*qs, generator=gen)
            k, v = (torch.randn(*kvs, generator=gen) for _ in range(2))

            def fwd():
                with torch.no_grad():
                    t0 = time.perf_counter()
                    run(mixer, q, k, v)
                    return time.perf_counter() - t0

            xs = [x.detach().clone().requires_grad_() for x in (q, k, v)]
            seed = torch.ones(qs[0], qs[1], t, kvs[3])

            def fwd_bwd():
                for x in xs:
                    x.grad = None
                t0 = time.perf_counter()
                run(mixer, *xs).backward(seed)
                return time.perf_counter() - t0

            f, fb = timed(fwd), timed(fwd_bwd)
            print(f"{mixer:22s} T={t:<6d} fwd {f:9.2f} ms  fwd+bwd {fb:9.2f} ms")
            recs.append({"mixer": mixer, "length": t, "fwdMs": round(f, 4), "fwdBwdMs": round(fb, 4)})
    with open(a.json, "w") as fh:
        json.dump(recs, fh, indent=1)


if __name__ == "__main__":
    main()
