"""PyTorch-eager twin of linrepro's chunked delta rule (DeltaRuleOps.chunked, the stable form), for the
side-by-side benchmark in scripts/perf/compare.sh. Written here from the equations (DeltaNet, Yang et al.
2406.06484 §3: the WY/UT form), step for step as the Java op computes them, so the ratio measures the two
runtimes on one algorithm:

  per block of C tokens (zero-padded at the end), with beta_t and L2-normalised keys:
    A = strict_lower(beta K K^T)          T = (I + A)^-1  (16x16 diagonal blocks by a Neumann product,
                                                           then 2x2 block recursion, as the Java op)
    W = T (beta K),  U0 = T (beta V)
  each block's hand-over is affine in the state it receives, S <- M S + N with M = I - K^T W and N = K^T U0
  (both batched over the blocks); the loop over blocks is S <- M S + N only, from S = 0. Then, batched:
    U = U0 - W S,   O = Q S + (Q K^T masked incl.) U

Same protocol as ../shared/perf/torch_attention_bench.py: q, k, v [1, 4, T, 64] fp32, 2 threads, warm-up 2,
then >= 5 runs until >= 1 s, median; fwd without autograd, fwd+bwd with a ones seed made before the clock.
Writes JSON records {mixer, length, fwdMs, fwdBwdMs} that ../shared/perf/compare.py reads.

  python scripts/perf/torch_delta_bench.py --json target/perf/torch-delta.json
"""
import argparse
import json
import statistics
import time

import torch


def causal(c, inclusive, dtype):
    i = torch.arange(c)
    m = (i[:, None] >= i[None, :]) if inclusive else (i[:, None] > i[None, :])
    return m.to(dtype)


def unit_lower_inverse(a, c):
    eye = torch.eye(c, dtype=a.dtype)
    p = -a
    r = eye + p
    covered = 2
    while covered < c:
        p = p @ p
        r = r @ (eye + p)
        covered *= 2
    return r


def recursive_inverse(a, n, bs):
    if n <= bs:
        return unit_lower_inverse(a, n)
    h = n // 2
    a11, a22, a21 = a[..., :h, :h], a[..., h:, h:], a[..., h:, :h]
    both = recursive_inverse(torch.cat([a11, a22], 0), h, bs)
    lead = a.shape[0]
    x11, x22 = both[:lead], both[lead:]
    x21 = -(x22 @ a21 @ x11)
    top = torch.cat([x11, torch.zeros_like(x11)], -1)
    return torch.cat([top, torch.cat([x21, x22], -1)], -2)


def blocked_inverse(a, c, bs=16):
    if c <= bs:
        return unit_lower_inverse(a, c)
    n = bs
    while n < c:
        n *= 2
    ap = torch.nn.functional.pad(a, (0, n - c, 0, n - c))
    return recursive_inverse(ap, n, bs)[..., :c, :c]


def delta_chunk(q, k, v, beta, c):
    b, h, t, dk = q.shape
    dv = v.shape[-1]
    n = -(-t // c)
    pad = n * c - t
    if pad:
        q, k, v = (torch.nn.functional.pad(x, (0, 0, 0, pad)) for x in (q, k, v))
        beta = torch.nn.functional.pad(beta, (0, pad))
    qc, kc, vc = (x.reshape(b, h, n, c, x.shape[-1]) for x in (q, k, v))
    bc = beta.reshape(b, h, n, c, 1)
    strict, incl = causal(c, False, q.dtype), causal(c, True, q.dtype)
    kb = kc * bc
    a = (kb @ kc.transpose(-1, -2)) * strict
    qk = (qc @ kc.transpose(-1, -2)) * incl
    inv = blocked_inverse(a, c)
    w = inv @ kb
    u0 = inv @ (vc * bc)
    # each block's hand-over S' = M S + N: M = I - K^T W, N = K^T T V, for all blocks at once (DeltaRuleOps.chunked)
    trans = torch.eye(dk, dtype=q.dtype) - kc.transpose(-1, -2) @ w
    from_values = kc.transpose(-1, -2) @ u0
    s = q.new_zeros(b, h, dk, dv)
    states = []
    for mi, ni in zip(trans.unbind(2), from_values.unbind(2)):
        states.append(s)
        s = mi @ s + ni
    s_all = torch.stack(states, 2)
    o = (qc @ s_all + qk @ (u0 - w @ s_all)).reshape(b, h, n * c, dv)  # all pseudo-values and outputs at once
    return o[:, :, :t] if pad else o


def run(q, k, v, c):
    kn = k / (k.square().sum(-1, keepdim=True) + 1e-6).sqrt()
    beta = torch.sigmoid(q[..., 0])
    return delta_chunk(q, kn, v, beta, c)


def check():
    """The chunked form against the token-by-token recurrence (fp64): a guard that the twin is the delta rule."""
    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(1, 2, 75, 8, generator=g, dtype=torch.float64) for _ in range(3))
    kn = k / (k.square().sum(-1, keepdim=True) + 1e-6).sqrt()
    beta = torch.sigmoid(q[..., 0])
    s = torch.zeros(1, 2, 8, 8, dtype=torch.float64)
    outs = []
    for t in range(75):
        kt, vt, bt = kn[:, :, t, None, :], v[:, :, t, None, :], beta[:, :, t, None, None]
        u = (vt - kt @ s) * bt
        s = s + kt.transpose(-1, -2) @ u
        outs.append(q[:, :, t, None, :] @ s)
    ref = torch.cat(outs, 2)
    err = (delta_chunk(q, kn, v, beta, 32) - ref).abs().max().item() / ref.abs().max().item()
    assert err < 1e-10, f"chunked delta rule differs from the recurrence: {err}"
    return err


def timed(fn, warmup=2, min_repeats=5, max_repeats=30, min_time=1.0):
    first = min(fn() for _ in range(warmup))
    n = min(max_repeats, max(min_repeats, -(-int(min_time * 1e6) // max(int(first * 1e6), 1))))
    return statistics.median(fn() for _ in range(n)) * 1e3


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lengths", default="512,1024,2048,4096,8192")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=64)
    ap.add_argument("--json", required=True)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    print(f"# torch {torch.__version__}, threads {a.threads}; check vs recurrence: max rel err {check():.1e}")
    recs = []
    for t in (int(x) for x in a.lengths.split(",")):
        g = torch.Generator().manual_seed(1)
        q, k, v = (torch.randn(1, 4, t, 64, generator=g) for _ in range(3))

        def fwd():
            with torch.no_grad():
                t0 = time.perf_counter()
                run(q, k, v, a.chunk)
                return time.perf_counter() - t0

        xs = [x.detach().clone().requires_grad_() for x in (q, k, v)]
        seed = torch.ones_like(q)

        def fwd_bwd():
            for x in xs:
                x.grad = None
            t0 = time.perf_counter()
            run(*xs, a.chunk).backward(seed)
            return time.perf_counter() - t0

        f, fb = timed(fwd), timed(fwd_bwd)
        print(f"deltanet-chunk  T={t:<6d} fwd {f:9.2f} ms  fwd+bwd {fb:9.2f} ms")
        recs.append({"mixer": "deltanet-chunk", "length": t, "fwdMs": round(f, 4), "fwdBwdMs": round(fb, 4)})
    with open(a.json, "w") as fh:
        json.dump(recs, fh, indent=1)


if __name__ == "__main__":
    main()
