#!/usr/bin/env bash
# CI: a unit-tier selection as a 3-task Slurm job array through `linrepro submit --engine slurm`, on a single-node
# Slurm started (and stopped) by .ci/slurm.sh. The merged ledger must hold the same measured values as a serial run
# of the same selection. About 2-3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OPT_OUT_TRACKING=true
export LINREPRO_THREADS=1            # the same as --cpus-per-task=1 below, so the numbers are comparable bit for bit
selection=(--tier unit --paper "${LINREPRO_SLURM_PAPER:-2307.03576}")
work="$(mktemp -d "${TMPDIR:-/tmp}/linrepro-slurm-ci.XXXXXX")"
timeout_s="${LINREPRO_SLURM_TIMEOUT:-900}"

# The trap first: stop kills only the daemons start recorded, so a start that fails half-way is cleaned up too.
trap '.ci/slurm.sh stop' EXIT
.ci/slurm.sh start

echo "slurm-array: serial run"
rc=0
./linrepro reproduce "${selection[@]}" --reports "$work/serial" >"$work/serial.log" 2>&1 || rc=$?
if (( rc > 1 )); then cat "$work/serial.log"; exit "$rc"; fi

echo "slurm-array: submit 3 shards"
./linrepro submit --engine slurm "${selection[@]}" --shards 3 --cpus-per-task 1 --time 00:15:00 \
  --shared "$work/cluster" --name linrepro-ci | tee "$work/submit.log"
read -r array merge < <(sed -n 's/^submitted array job \([0-9]*\) .* merge job \([0-9]*\)$/\1 \2/p' "$work/submit.log")
[[ -n "${array:-}" && -n "${merge:-}" ]] || { echo "slurm-array: no job ids in the submit output" >&2; exit 1; }

start=$(date +%s)
while [[ -n "$(squeue -h -j "$array,$merge" 2>/dev/null)" ]]; do
  if (( $(date +%s) - start > timeout_s )); then
    echo "slurm-array: jobs still queued or running after ${timeout_s} s" >&2; squeue >&2; scancel "$array" "$merge"; exit 1
  fi
  sleep 3
done
echo "slurm-array: jobs done in $(( $(date +%s) - start )) s"
for i in 0 1 2; do
  log="$(ls "$work/cluster/logs"/linrepro-ci-"$array"-"$i".out 2>/dev/null || true)"
  [[ -n "$log" ]] && grep -q "linrepro shard $i/3" "$log" || { echo "slurm-array: no log of task $i" >&2; exit 1; }
done

/usr/bin/python3 - "$work/serial/ledger.jsonl" "$work/cluster/reports/ledger.jsonl" "$work/cluster/shards" <<'PY'
import json, os, sys
def measured(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            v = json.loads(line)
            if "claim" in v:  # grouped ledger line: {"claim": ..., "result": ..., "run": ...}
                key, result = (v["claim"]["id"], v["run"]["seed"]), v["result"]
            else:             # older flat line
                key, result = (v["claimId"], v["seed"]), v
            out[key] = (result["status"], json.dumps(result.get("measured")))
    return out
serial, merged, shards = measured(sys.argv[1]), measured(sys.argv[2]), sys.argv[3]
per_shard = [len(measured(os.path.join(shards, d, "ledger.jsonl"))) for d in sorted(os.listdir(shards))
             if os.path.exists(os.path.join(shards, d, "ledger.jsonl"))]
if len(per_shard) != 3 or min(per_shard) == 0:
    sys.exit(f"slurm-array: expected 3 shards with work, got {per_shard}")
if serial != merged:
    diff = sorted(set(serial.items()) ^ set(merged.items()))
    sys.exit(f"slurm-array: merged ledger differs from the serial run: {diff[:6]}")
print(f"slurm-array: {len(merged)} verdicts from shards of {per_shard} claims equal the serial run's")
PY
test -s "$work/cluster/reports/index.html"
rm -rf "$work"
