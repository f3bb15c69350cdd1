"""Golden values for the op-level tests of lib's recurrent ops (OpGoldensTest), from an independent PyTorch
implementation written from the papers' equations: plain loops over time in float64, gradients by torch autograd.
Run once (inputs come from a seeded generator that the Java test reproduces bit for bit; nothing else is shared):

    bash ../shared/perf/setup.sh          # builds $HOME/.cache/perfenv with the local CPU torch wheel
    $HOME/.cache/perfenv/bin/python lib/src/test/python/make_op_goldens.py lib/src/test/resources/goldens

Ops (row convention, state S of shape [dk, dv], o_t = q_t S_t):
  delta_rule         S_t = S_{t-1} + beta_t k_t^T (v_t - k_t S_{t-1})                 DeltaNet, 2406.06484 eq. 1
  gated_delta_rule   S_t = a_t S_{t-1} + beta_t k_t^T (v_t - a_t k_t S_{t-1}), a_t = exp(g_t)
                     (= S_{t-1} a_t (I - beta_t k_t k_t^T) + beta_t v_t k_t^T transposed; Gated DeltaNet 2412.06464
                     eq. 10), beta in [0, 2) (negative eigenvalues, 2411.12537 Eq. 2)
  decayed_linear     S_t = diag(exp(g_t)) S_{t-1} + k_t^T v_t; g scalar per head (Mamba-2 SSD 2405.21060, RetNet)
                     or per key channel (GLA 2312.06635 eq. 3)
  softmax            o_t = sum_s softmax_s(q_t . k_s) v_s over s <= t (causal) or all s (Vaswani et al. 1706.03762
                     eq. 1, the caller's scaling), no state
  ssm                x_t = A x_{t-1} + B u_t, y_t = C x_t per channel (S4 2111.00396 eq. 3; A, B, C already discrete),
                     shapes u [B, L, D], A [D, N, N], B and C [D, N]; no state returned (the case's H is D, dk is N)
Loss for the gradients: L = sum(o * r_o) + sum(S_T * r_s), r_o and r_s from the same generator (no state term for
softmax).
Each tensor is stored as its shape, its sum of squares and 8 projections onto generator vectors (a few KB per
case); small tensors (<= 64 values) also in full.
"""
import json
import math
import os
import sys

import torch

MASK = (1 << 64) - 1


def splitmix(seed, n):
    """n doubles uniform in [0, 1): splitmix64, top 53 bits (the Java test uses the same integer arithmetic)."""
    state = seed & MASK
    out = []
    for _ in range(n):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        out.append((z >> 11) * (1.0 / (1 << 53)))
    return out


def uniform(seed, shape, lo, hi):
    n = 1
    for s in shape:
        n *= s
    vals = [lo + (hi - lo) * u for u in splitmix(seed, n)]
    return torch.tensor(vals, dtype=torch.float64).reshape(shape)


def unit_rows(x):
    """Rows of the last axis scaled to unit norm, with a sequential double sum (bit-reproducible in Java)."""
    flat = x.reshape(-1, x.shape[-1]).tolist()
    rows = []
    for r in flat:
        ss = 0.0
        for a in r:
            ss += a * a
        n = math.sqrt(ss)
        rows.append([a / n for a in r])
    return torch.tensor(rows, dtype=torch.float64).reshape(x.shape)


def delta_rule(q, k, v, beta, g, s0):
    b, h, t_len, dk = q.shape
    s = s0
    outs = []
    for t in range(t_len):
        kt = k[:, :, t, :]  # [B,H,dk]
        vt = v[:, :, t, :]
        if g is not None:
            s = s * torch.exp(g[:, :, t])[:, :, None, None]
        ks = torch.einsum('bhk,bhkv->bhv', kt, s)
        u = beta[:, :, t, None] * (vt - ks)
        s = s + kt[:, :, :, None] * u[:, :, None, :]
        outs.append(torch.einsum('bhk,bhkv->bhv', q[:, :, t, :], s))
    return torch.stack(outs, 2), s


def decayed_linear(q, k, v, g, s0):
    b, h, t_len, dk = q.shape
    s = s0
    outs = []
    for t in range(t_len):
        decay = torch.exp(g[:, :, t, :])  # [B,H,1] or [B,H,dk]
        s = s * decay[:, :, :, None] + k[:, :, t, :, None] * v[:, :, t, None, :]
        outs.append(torch.einsum('bhk,bhkv->bhv', q[:, :, t, :], s))
    return torch.stack(outs, 2), s


def softmax_attention(q, k, v, causal):
    b, h, t_len, dk = q.shape
    outs = []
    for t in range(t_len):
        keys = k[:, :, : t + 1, :] if causal else k
        vals = v[:, :, : t + 1, :] if causal else v
        scores = torch.einsum('bhk,bhsk->bhs', q[:, :, t, :], keys)
        w = torch.softmax(scores, dim=-1)
        outs.append(torch.einsum('bhs,bhsv->bhv', w, vals))
    return torch.stack(outs, 2), None


def ssm(u, a, b, c):
    bsz, t_len, d = u.shape
    n = a.shape[1]
    x = torch.zeros(bsz, d, n, dtype=torch.float64)
    ys = []
    for t in range(t_len):
        x = torch.einsum('dij,bdj->bdi', a, x) + b[None, :, :] * u[:, t, :, None]
        ys.append(torch.einsum('dn,bdn->bd', c, x))
    return torch.stack(ys, 1), None


def tensor_record(x):
    x = x.detach().to(torch.float64).contiguous()
    flat = x.reshape(-1)
    rec = {"shape": list(x.shape), "sumsq": float((flat * flat).sum())}
    proj = []
    for j in range(8):
        r = torch.tensor([2 * u - 1 for u in splitmix(7000 + j, flat.numel())], dtype=torch.float64)
        proj.append(float((flat * r).sum()))
    rec["proj"] = proj
    if flat.numel() <= 64:
        rec["values"] = flat.tolist()
    return rec


CASES = [
    # name, op, B, H, T, dk, dv, seed, decay: None | "head" | "channel", log-decay range
    ("delta_rule_T63", "delta", 1, 2, 63, 5, 3, 1, None, 0.0),
    ("gated_delta_rule_T75", "delta", 1, 2, 75, 5, 3, 2, "head", 3.0),
    ("gated_delta_rule_T500_strong", "delta", 1, 1, 500, 3, 6, 3, "head", 30.0),
    ("decayed_linear_head_T63", "linear", 2, 1, 63, 6, 5, 4, "head", 2.0),
    ("decayed_linear_channel_T75_strong", "linear", 1, 2, 75, 3, 5, 5, "channel", 30.0),
    # softmax: "strength" scales q (large logits: the max-shift of every form must hold)
    ("softmax_causal_T75", "softmax", 1, 2, 75, 5, 3, 6, None, 4.0),
    ("softmax_bidirectional_T63", "softmax-bidirectional", 2, 1, 63, 6, 5, 7, None, 4.0),
]
# zero initial state, so that LinearAttentionOps.parallel (which takes none) is checked too
CASES.append(("ssm_T75", "ssm", 2, 3, 75, 5, 1, 9, None, 0.9))  # A entries in ±0.9/N: spectral radius < 0.9
ZERO_STATE = {"decayed_linear_channel_T75_zero_state": ("linear", 1, 2, 75, 3, 5, 8, "channel", 30.0)}
CASES += [(n,) + c for n, c in ZERO_STATE.items()]


def inputs(op, b, h, t, dk, dv, seed, decay, strength, zero_state=False):
    """The case's leaves, in the order the Java test builds them (seed*100 + index)."""
    x = {}
    if op == "ssm":
        x["u"] = uniform(seed * 100 + 0, (b, t, h), -1, 1)
        x["a"] = uniform(seed * 100 + 1, (h, dk, dk), -strength / dk, strength / dk)
        x["b"] = uniform(seed * 100 + 2, (h, dk), -1, 1)
        x["c"] = uniform(seed * 100 + 3, (h, dk), -1, 1)
        return x
    if op.startswith("softmax"):
        x["q"] = uniform(seed * 100 + 0, (b, h, t, dk), -strength, strength)
        x["k"] = uniform(seed * 100 + 1, (b, h, t, dk), -1, 1)
        x["v"] = uniform(seed * 100 + 2, (b, h, t, dv), -1, 1)
        return x
    x["q"] = uniform(seed * 100 + 0, (b, h, t, dk), -1, 1)
    k = uniform(seed * 100 + 1, (b, h, t, dk), -1, 1)
    x["k"] = unit_rows(k) if op == "delta" else k
    x["v"] = uniform(seed * 100 + 2, (b, h, t, dv), -1, 1)
    if op == "delta":
        x["beta"] = uniform(seed * 100 + 3, (b, h, t), 0, 2)
    if decay is not None:
        width = 1 if decay == "head" else dk
        g = uniform(seed * 100 + 4, (b, h, t, width), -strength, 0)
        x["g"] = g[..., 0] if op == "delta" else g
    x["s0"] = uniform(seed * 100 + 5, (b, h, dk, dv), -1, 1) * (0.0 if zero_state else 1.0)
    return x


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, op, b, h, t, dk, dv, seed, decay, strength in CASES:
        zero_state = name in ZERO_STATE
        x = inputs(op, b, h, t, dk, dv, seed, decay, strength, zero_state)
        for a in x.values():
            a.requires_grad_(True)
        if op == "delta":
            o, s = delta_rule(x["q"], x["k"], x["v"], x["beta"], x.get("g"), x["s0"])
        elif op == "linear":
            o, s = decayed_linear(x["q"], x["k"], x["v"], x["g"], x["s0"])
        elif op == "ssm":
            o, s = ssm(x["u"], x["a"], x["b"], x["c"])
        else:
            o, s = softmax_attention(x["q"], x["k"], x["v"], op == "softmax")
        r_o = uniform(seed * 100 + 6, tuple(o.shape), -1, 1)
        loss = (o * r_o).sum()
        if s is not None:
            loss = loss + (s * uniform(seed * 100 + 7, tuple(s.shape), -1, 1)).sum()
        loss.backward()
        rec = {
            "op": op, "B": b, "H": h, "T": t, "dk": dk, "dv": dv, "seed": seed,
            "decay": decay, "strength": strength, "zeroState": zero_state, "torch": torch.__version__,
            "loss": float(loss.detach()), "output": tensor_record(o),
            "state": None if s is None else tensor_record(s),
            "grad": {n: tensor_record(a.grad) for n, a in x.items()},
        }
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(rec, f, indent=1)
            f.write("\n")
        print(name, "loss", rec["loss"])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "lib/src/test/resources/goldens")
