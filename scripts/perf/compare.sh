#!/usr/bin/env bash
# The attention ops side by side with PyTorch eager on this machine (see README, "Performance").
# Runs ../shared/perf's torch benchmark, this repository's DJL benchmark of the same ops and shapes, the
# torch benchmark once more, and prints the ratio table of each torch run (absolute times drift 10-35 % on
# shared machines; the two tables bracket the DJL run). Needs the PyTorch environment of
# ../shared/perf/setup.sh and a built tree (mvn -o -q -pl reproductions -am -DskipTests package).
# scripts/perf/torch_delta_bench.py is the torch twin of the chunked delta rule (deltanet-chunk), and
# scripts/perf/torch_forms_bench.py those of the newer mixers' chunked forms.
# Usage: [RUNS=N] scripts/perf/compare.sh [OUT_DIR] [MIXERS]   (RUNS: repeat the whole comparison N times, in
#        OUT_DIR/run-1..N, and print scripts/perf/median_table.py's per-cell medians at the end; MIXERS: softmax, linear-elu-chunk, lightning-plain,
#        deltanet-chunk, mamba2-chunk, gla-chunk, mom-chunk, gated-deltanet-chunk, deltaproduct-chunk,
#        lightning-plain-twin, linear-elu-chunk-twin: the exact torch twins of lightning-plain and linear-elu-chunk)
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-target/perf}
forms_all='mamba2-chunk|gla-chunk|mom-chunk|gated-deltanet-chunk|deltaproduct-chunk|lightning-plain-twin|linear-elu-chunk-twin'
mixers=${2:-softmax,linear-elu-chunk,lightning-plain,deltanet-chunk,${forms_all//|/,}}
attn=$(echo "$mixers" | tr ',' '\n' | grep -Ev "^(deltanet-chunk|$forms_all)\$" | paste -sd, - || true)
delta=$(echo "$mixers" | tr ',' '\n' | grep -c '^deltanet-chunk$' || true)
forms=$(echo "$mixers" | tr ',' '\n' | grep -E "^($forms_all)\$" | paste -sd, - || true)
perf=../shared/perf
py=${PERF_PYTHON:-$HOME/.cache/perfenv/bin/python}
[ -x "$py" ] || { echo "no PyTorch environment at $py: run bash $perf/setup.sh first" >&2; exit 2; }
ls reproductions/target/lib/*.jar > /dev/null 2>&1 || { echo "build first: mvn -o -q -pl reproductions -am -DskipTests package" >&2; exit 2; }
# The same allocator settings on both sides: freed blocks stay in the heap instead of going back to the kernel, and
# one arena. Python runs the ops on its main thread, which allocates from glibc's main heap; the JVM runs them on a
# worker thread, which gets a per-thread arena of 64 MB heaps that cannot merge freed blocks beyond 64 MB and give
# memory back as they empty. With one arena both sides allocate from the same kind of heap (GLA's 32 MB blocks at
# T = 2048 were served from free heap space on the torch side, and mapped afresh on every op on the DJL side).
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296:glibc.malloc.arena_max=1
cp=$(ls reproductions/target/lib/*.jar | tr '\n' ':')
# X-twin (torch_forms_bench.py) is the exact torch twin of DJL's X; DJL runs X for it
djl_mixers=$(echo "$mixers" | tr ',' '\n' | sed 's/-twin$//' | awk '!seen[$0]++' | paste -sd, -)
pairs=$(echo "$mixers" | tr ',' '\n' | grep -v -- '-twin$' | sed 's/.*/&=&/' | tr '\n' ' ' || true)
twin_pairs=$(echo "$mixers" | tr ',' '\n' | grep -- '-twin$' | sed 's/\(.*\)-twin$/\1=&/' | tr '\n' ' ' || true)
torch_runs() { # $1 = run number: the attention mixers from ../shared/perf, the delta rule and the newer forms from here, one JSON
    local parts=()
    : > "$out/torch-$1.log"
    if [ -n "$attn" ]; then
        "$py" $perf/torch_attention_bench.py --mixers "$attn" --json "$out/torch-attn-$1.json" >> "$out/torch-$1.log" 2>&1
        parts+=("$out/torch-attn-$1.json")
    fi
    if [ "$delta" -gt 0 ]; then
        "$py" scripts/perf/torch_delta_bench.py --json "$out/torch-delta-$1.json" >> "$out/torch-$1.log" 2>&1
        parts+=("$out/torch-delta-$1.json")
    fi
    if [ -n "$forms" ]; then
        "$py" scripts/perf/torch_forms_bench.py --mixers "$forms" --json "$out/torch-forms-$1.json" >> "$out/torch-$1.log" 2>&1
        parts+=("$out/torch-forms-$1.json")
    fi
    python3 -c 'import json,sys; print(json.dumps([r for f in sys.argv[2:] for r in json.load(open(f))]))' \
        x "${parts[@]}" > "$out/torch-$1.json"
}
compare_once() { # $1 = output folder of one comparison: torch, DJL, torch again, and the ratio tables
    local out=$1 # torch_runs reads it too (bash scopes dynamically)
    mkdir -p "$out"
    torch_runs 1
    jshell -R-Xmx12g -R-Dai.djl.offline=true -R-Dai.djl.pytorch.num_threads=2 -R-Dai.djl.pytorch.num_interop_threads=2 \
        -R-DOUT="$out/djl.json" -R-DMIXERS="$djl_mixers" --class-path "$cp" scripts/perf/djl_ops_bench.jsh > "$out/djl.log" 2>&1
    torch_runs 2
    grep -h 'GEMM 2048' "$out/torch-1.log" "$out/torch-2.log" || true # only the attention bench prints it
    for i in 1 2; do
        echo "== DJL vs torch run $i (fwd+bwd ms; ratio = DJL / torch)"
        # shellcheck disable=SC2086
        python3 $perf/compare.py "$out/djl.json" "$out/torch-$i.json" $pairs
        if [ -n "$twin_pairs" ]; then
            echo "== DJL vs the exact torch twins (torch_forms_bench.py), run $i"
            # shellcheck disable=SC2086
            python3 $perf/compare.py "$out/djl.json" "$out/torch-$i.json" $twin_pairs
        fi
    done
}
runs=${RUNS:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
if [ "$runs" -le 1 ]; then
    compare_once "$base"
    python3 scripts/perf/median_table.py "$base"
else
    dirs=()
    for r in $(seq 1 "$runs"); do
        echo "=== comparison $r of $runs ($(date +%H:%M))"
        compare_once "$base/run-$r"
        dirs+=("$base/run-$r")
    done
    python3 scripts/perf/median_table.py "${dirs[@]}"
fi
