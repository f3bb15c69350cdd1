#!/usr/bin/env python3
"""Median ratio tables over several runs of scripts/perf/compare.sh (one run = a torch run, the DJL run, a second
torch run, in RUN_DIR/torch-1.json, djl.json, torch-2.json).

Per run and cell, the ratio is DJL's time over the mean of the run's two torch times; a cell shows the median over
the runs and, in brackets, their range (and n = the number of runs that have the cell, when some lack it). Bold: a
median above 1.1, printed with three decimals where two would round it down to 1.10, so a count from the
table is the count below it. An X-twin torch mixer (torch_forms_bench.py) is
compared with DJL's X, in a table of its own. Prints Markdown, fwd+bwd first, then the forward alone, and how many
chunked (non-softmax) cells have a median at or below 1.1.

  python3 scripts/perf/median_table.py target/perf/run-1 target/perf/run-2 target/perf/run-3
"""
import json
import statistics
import sys

LENGTHS = (512, 1024, 2048, 4096, 8192)
TARGET = 1.1


def load(path):
    try:
        text = open(path).read()
        rows = json.loads(text[text.index('['):text.rindex(']') + 1])
    except (OSError, ValueError) as e:
        sys.exit(f"median_table.py: cannot read {path} ({e}); did that run finish?")
    return {(r['mixer'], r['length']): r for r in rows if 'length' in r}


def runs(dirs):
    return [(load(f"{d}/djl.json"), load(f"{d}/torch-1.json"), load(f"{d}/torch-2.json")) for d in dirs]


def pairs(all_runs):
    """(DJL mixer, torch mixer) in the DJL file's order; twins after the plain comparisons."""
    djl_order, torch_names = [], set()
    for d, t1, t2 in all_runs:
        for m, _ in d:
            if m not in djl_order:
                djl_order.append(m)
        torch_names |= {m for m, _ in t1} & {m for m, _ in t2}
    plain = [(m, m) for m in djl_order if m in torch_names]
    twins = [(m, m + '-twin') for m in djl_order if m + '-twin' in torch_names]
    return plain, twins


def ratios(all_runs, dm, tm, length, key):
    out = []
    for d, t1, t2 in all_runs:
        if (dm, length) in d and (tm, length) in t1 and (tm, length) in t2:
            out.append(d[(dm, length)][key] / ((t1[(tm, length)][key] + t2[(tm, length)][key]) / 2))
    return out


def table(all_runs, mixer_pairs, key):
    met = total = 0
    lines = ['| op | ' + ' | '.join(f"T = {L}" if i == 0 else str(L) for i, L in enumerate(LENGTHS)) + ' |',
             '|---|' + '---|' * len(LENGTHS)]
    for dm, tm in mixer_pairs:
        cells = []
        for L in LENGTHS:
            rs = ratios(all_runs, dm, tm, L, key)
            if not rs:
                cells.append('–')
                continue
            med = statistics.median(rs)
            digits = 3 if med > TARGET and round(med, 2) <= TARGET else 2
            cell = f"{med:.{digits}f} ({min(rs):.2f}–{max(rs):.2f})" if len(rs) > 1 else f"{med:.{digits}f}"
            if len(rs) < len(all_runs):
                cell += f" n = {len(rs)}"
            cells.append(f"**{cell}**" if med > TARGET else cell)
            if dm != 'softmax':
                total += 1
                met += med <= TARGET
        name = dm if dm == tm else f"{dm} vs {tm}"
        lines.append(f"| {name} | " + ' | '.join(cells) + ' |')
    return lines, met, total


def main(dirs):
    all_runs = runs(dirs)
    plain, twins = pairs(all_runs)
    print(f"{len(all_runs)} run(s): {', '.join(dirs)}")
    for key, name in (('fwdBwdMs', 'forward + backward'), ('fwdMs', 'forward only')):
        for label, mp in (('', plain), ('exact twins, ', twins)):
            if not mp:
                continue
            lines, met, total = table(all_runs, mp, key)
            print(f"\n**{label}{name}**: DJL / torch, median over runs (range)\n")
            print('\n'.join(lines))
            if total:
                print(f"\n{met} of {total} chunked cells at or below {TARGET}")


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
