#!/usr/bin/env bash
# The attention ops side by side with PyTorch eager on this machine (see README, "Performance").
# Runs ../shared/perf's torch benchmark, this repository's DJL benchmark of the same ops and shapes, the
# torch benchmark once more, and prints the ratio table of each torch run (absolute times drift 10-35 % on
# shared machines; the two tables bracket the DJL run). Needs the PyTorch environment of
# ../shared/perf/setup.sh and a built tree (mvn -o -q -pl reproductions -am -DskipTests package).
# Usage: scripts/perf/compare.sh [OUT_DIR] [MIXERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/perf}
mixers=${2:-softmax,linear-elu-chunk,lightning-plain}
perf=../shared/perf
py=${PERF_PYTHON:-$HOME/.cache/perfenv/bin/python}
[ -x "$py" ] || { echo "no PyTorch environment at $py: run bash $perf/setup.sh first" >&2; exit 2; }
ls reproductions/target/lib/*.jar > /dev/null 2>&1 || { echo "build first: mvn -o -q -pl reproductions -am -DskipTests package" >&2; exit 2; }
mkdir -p "$out"
# The same allocator settings on both sides: freed blocks stay in the heap instead of going back to the kernel.
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296
cp=$(ls reproductions/target/lib/*.jar | tr '\n' ':')
pairs=$(echo "$mixers" | tr ',' '\n' | sed 's/.*/&=&/' | tr '\n' ' ')
"$py" $perf/torch_attention_bench.py --mixers "$mixers" --json "$out/torch-1.json" > "$out/torch-1.log" 2>&1
jshell -R-Xmx12g -R-Dai.djl.offline=true -R-Dai.djl.pytorch.num_threads=2 -R-Dai.djl.pytorch.num_interop_threads=2 \
    -R-DOUT="$out/djl.json" -R-DMIXERS="$mixers" --class-path "$cp" scripts/perf/djl_ops_bench.jsh > "$out/djl.log" 2>&1
"$py" $perf/torch_attention_bench.py --mixers "$mixers" --json "$out/torch-2.json" > "$out/torch-2.log" 2>&1
grep -h 'GEMM 2048' "$out/torch-1.log" "$out/torch-2.log" | head -2
for i in 1 2; do
    echo "== DJL vs torch run $i (fwd+bwd ms; ratio = DJL / torch)"
    # shellcheck disable=SC2086
    python3 $perf/compare.py "$out/djl.json" "$out/torch-$i.json" $pairs
done
