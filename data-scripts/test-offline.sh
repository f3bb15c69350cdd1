#!/usr/bin/env bash
# Offline test of the conversion path of every data-script (the network is not needed or used).
# Builds fake "original downloads" from a verified mirror (shared/data) with the original archive layouts and
# member names, runs each script with LINREPRO_FETCH_FROM pointing at them into a scratch data root, and checks the
# results against lib/src/main/resources/org/linrepro/data/SHA256SUMS with sha256sum -c. Also checks the failure
# paths: a tampered download is rejected and nothing is installed; a second run is a no-op; a .gz that differs only
# by compression is accepted via CONTENT-SHA256SUMS.
#
# What this does NOT test: the download itself, the published archive SHA-256 values (the fakes differ from the
# real archives, so those checks warn), and real-archive quirks the fakes do not reproduce.
#
# usage: data-scripts/test-offline.sh [MIRROR]   (MIRROR default: $LINREPRO_DATA; needs python3 with numpy for cifar10)
#        TESTS="wikitext-2 glue" data-scripts/test-offline.sh   runs a subset
# shellcheck disable=SC2015  # "check && pass || fail": pass never fails
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MIRROR=$(cd "${1:-${LINREPRO_DATA:?give the mirror folder or set LINREPRO_DATA}}" && pwd)
SUMS=$HERE/../lib/src/main/resources/org/linrepro/data/SHA256SUMS
TESTS=${TESTS:-wikitext-2 glue imdb cifar10 wikitext-103 aan}
T=$(mktemp -d "${TMPDIR:-/tmp}/linrepro-test-offline.XXXXXX")
trap 'rm -rf -- "$T"' EXIT
fails=0
pass() { printf 'PASS %s\n' "$*"; }
fail() {
    printf 'FAIL %s\n' "$*"
    fails=$((fails + 1))
}
check_sums() { # root prefix
    (cd "$1" && grep " $2/" "$SUMS" | sha256sum -c --quiet) && pass "$2: converted files match SHA256SUMS" || fail "$2: checksum mismatch"
}
run() { # name root [env...]
    local name=$1 root=$2
    shift 2
    env "$@" bash "$HERE/$name.sh" "$root" >"$T/$name.log" 2>&1
}

fake() { python3 - "$MIRROR" "$T/fake" "$1" <<'PY'
import gzip, io, json, os, random, sys, tarfile, zipfile
M, F, what = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(F, exist_ok=True)
def rd(p): return gzip.open(os.path.join(M, p)).read()
def tar(path, members, level=1):
    with tarfile.open(path, "w:gz", compresslevel=level) as t:
        for n, b in members:
            ti = tarfile.TarInfo(n); ti.size = len(b); t.addfile(ti, io.BytesIO(b))
if what == "wikitext-2":
    with zipfile.ZipFile(F + "/wikitext-2-v1.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for s in ("train", "valid", "test"):
            z.writestr("wikitext-2/wiki.%s.tokens" % s, rd("wikitext-2/wiki.%s.tokens.gz" % s))
    with zipfile.ZipFile(F + "/wikitext-2-raw-v1.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("wikitext-2-raw/wiki.test.raw", rd("wikitext-2/raw/wiki.test.raw.gz"))
    # a tampered copy: one token changed in train
    os.makedirs(F + "/bad", exist_ok=True)
    with zipfile.ZipFile(F + "/bad/wikitext-2-v1.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for s in ("train", "valid", "test"):
            b = rd("wikitext-2/wiki.%s.tokens.gz" % s)
            z.writestr("wikitext-2/wiki.%s.tokens" % s, b.replace(b" the ", b" teh ", 1) if s == "train" else b)
    os.link(F + "/wikitext-2-raw-v1.zip", F + "/bad/wikitext-2-raw-v1.zip")
elif what == "wikitext-103":
    with zipfile.ZipFile(F + "/wikitext-103-v1.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("wikitext-103/wiki.train.tokens", rd("wikitext-2/wiki.train.tokens.gz"))  # stand-in train
        for s in ("valid", "test"):
            z.writestr("wikitext-103/wiki.%s.tokens" % s, rd("wikitext-103/wiki.%s.tokens.gz" % s))
elif what == "glue":
    for task, zname in (("CoLA", "CoLA.zip"), ("SST-2", "SST-2.zip"), ("RTE", "RTE.zip"), ("STS-B", "STS-B.zip"),
                        ("WNLI", "WNLI.zip"), ("QNLI", "QNLIv2.zip")):
        with zipfile.ZipFile(F + "/" + zname, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(task + "/", b"")
            for s in (("dev", "test") if task == "QNLI" else ("train", "dev", "test")):
                z.writestr("%s/%s.tsv" % (task, s), rd("glue/%s/%s.tsv.gz" % (task, s)))
            if task == "QNLI":
                z.writestr("QNLI/train.tsv", b"index\tquestion\tsentence\tlabel\n0\tq\ts\tentailment\n")
            z.writestr(task + "/original/readme.txt", b"x")
    # MRPC: rebuild msr_paraphrase_{train,test}.txt (CRLF, BOM, train and dev rows interleaved, stray whitespace
    # that str.strip() removes) and mrpc_dev_ids.tsv
    tr = rd("glue/MRPC/train.tsv.gz").decode().split("\n"); dv = rd("glue/MRPC/dev.tsv.gz").decode().split("\n")
    te = rd("glue/MRPC/test.tsv.gz").decode().split("\n")
    rows, i, j = [], 0, 0
    trr, dvr = tr[1:-1], dv[1:-1]
    while i < len(trr) or j < len(dvr):
        rows += trr[i:i + 9]; i += 9
        if j < len(dvr): rows.append(dvr[j]); j += 1
    rows[0] = "  " + rows[0] + " "; rows[5] += "\u00a0"; rows[7] = "\t" + rows[7] + "\u3000 "
    open(F + "/msr_paraphrase_train.txt", "wb").write(("\r\n".join([tr[0]] + rows) + "\r\n").encode())
    trows = ["\t".join(["1"] + r.split("\t")[1:]) for r in te[1:-1]]
    hdr = "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String"
    open(F + "/msr_paraphrase_test.txt", "wb").write(("\r\n".join([hdr] + trows) + "\r\n").encode())
    open(F + "/mrpc_dev_ids.tsv", "wb").write(("\r\n".join("\t".join(r.split("\t")[1:3]) for r in dvr) + "\r\n").encode())
elif what == "imdb":
    random.seed(1)
    members = []
    for split in ("train", "test"):
        recs = [json.loads(l) for l in gzip.open(os.path.join(M, "imdb/%s.jsonl.gz" % split))]
        for folder, label, rating in (("neg", 0, 2), ("pos", 1, 9)):
            rs = [r for r in recs if r["label"] == label]
            members += [("aclImdb/%s/%s/%d_%d.txt" % (split, folder, k, rating), r["text"].encode()) for k, r in enumerate(rs)]
    members += [("aclImdb/train/unsup/0_0.txt", b"u"), ("aclImdb/README", b"r"), ("aclImdb/train/labeledBow.feat", b"0")]
    random.shuffle(members)  # archive order must not matter
    tar(F + "/aclImdb_v1.tar.gz", members)
elif what == "cifar10":
    import numpy as np
    rng = np.random.default_rng(0)
    def rgb(recs):  # random colours whose gray value is the mirror's: exercises the formula and channel order
        g = recs[:, 1:].astype(np.int64); R, G, B = g.copy(), g.copy(), g.copy()
        for _ in range(4):
            r = rng.integers(0, 256, g.shape); b = rng.integers(0, 256, g.shape)
            gg = np.clip(-((-(1000 * g - 500 - 299 * r - 114 * b)) // 587), 0, 255)
            ok = (299 * r + 587 * gg + 114 * b + 500) // 1000 == g
            R, G, B = np.where(ok, r, R), np.where(ok, gg, G), np.where(ok, b, B)
        out = np.empty((len(recs), 3073), np.uint8)
        out[:, 0] = recs[:, 0]; out[:, 1:1025] = R; out[:, 1025:2049] = G; out[:, 2049:] = B
        return out.tobytes()
    tr = np.frombuffer(rd("cifar10/train_gray.bin.gz"), np.uint8).reshape(-1, 1025)
    te = np.frombuffer(rd("cifar10/test_gray.bin.gz"), np.uint8).reshape(-1, 1025)
    m = [("cifar-10-batches-bin/data_batch_%d.bin" % (k + 1), rgb(tr[k * 10000:(k + 1) * 10000])) for k in range(5)]
    m += [("cifar-10-batches-bin/test_batch.bin", rgb(te)), ("cifar-10-batches-bin/batches.meta.txt", b"airplane\n")]
    tar(F + "/cifar-10-binary.tar.gz", m)
elif what == "aan":
    def rows(n, seed):
        rnd = random.Random(seed)
        return "".join("%d\tacl-%d\tacl-%d\ttext a %d\ttext b %d\n" % (rnd.randint(0, 1), k, k + 1, k, k) for k in range(n)).encode()
    tar(F + "/lra_release.gz", [("lra_release/listops-1000/basic_train.tsv", b"x\n"),
                                 ("lra_release/lra_release/tsv_data/new_aan_pairs.train.tsv", rows(50, 1)),
                                 ("lra_release/lra_release/tsv_data/new_aan_pairs.eval.tsv", rows(5, 2)),
                                 ("lra_release/lra_release/tsv_data/new_aan_pairs.test.tsv", rows(7, 3))])
PY
}

for name in $TESTS; do
    fake "$name"
    root=$T/root-$name
    case $name in
    wikitext-103)
        # the fake archive differs from the published hash and its stand-in train file (WikiText-2's) has the wrong
        # token count: either check must refuse it
        if run "$name" "$root" LINREPRO_FETCH_FROM="$T/fake"; then fail "$name: a fake archive with an unverifiable train file was accepted"; else pass "$name: fake archive with unverifiable train refused ($(grep -o 'ERROR: .\{0,60\}' "$T/$name.log" | head -1))"; fi
        [ ! -e "$root/wikitext-103" ] && pass "$name: nothing installed after refusal" || fail "$name: files installed after refusal"
        run "$name" "$root" LINREPRO_FETCH_FROM="$T/fake" LINREPRO_ALLOW_ARCHIVE_MISMATCH=1 && pass "$name: conversion with override" || fail "$name: conversion failed (see below)"
        check_sums "$root" wikitext-103
        ;;
    aan)
        run "$name" "$root" LINREPRO_FETCH_FROM="$T/fake/lra_release.gz" && pass "aan: conversion" || fail "aan: conversion failed"
        for s in train dev test; do [ -f "$root/aan/$s.tsv.gz" ] || fail "aan: $s.tsv.gz missing"; done
        [ "$(gzip -dc "$root/aan/dev.tsv.gz" | wc -l)" = 5 ] && pass "aan: eval -> dev.tsv.gz" || fail "aan: dev.tsv.gz content"
        grep -q 'NOT\|no published SHA-256' "$T/aan.log" && pass "aan: says it cannot verify" || fail "aan: no warning about missing checksums"
        ;;
    *)
        run "$name" "$root" LINREPRO_FETCH_FROM="$T/fake" && pass "$name: conversion" || fail "$name: conversion failed"
        check_sums "$root" "$name"
        ;;
    esac
    if [ -n "$(find "$root" -maxdepth 1 -name '.linrepro-*' -print -quit)" ]; then fail "$name: work folder left in the data root"; fi
    if [ "$name" = wikitext-2 ]; then
        run "$name" "$root" LINREPRO_FETCH_FROM=/nonexistent && grep -q 'already present and verified' "$T/$name.log" &&
            pass "wikitext-2: second run is a no-op" || fail "wikitext-2: second run did not detect the verified files"
        bad=$T/root-bad
        if run "$name" "$bad" LINREPRO_FETCH_FROM="$T/fake/bad"; then fail "wikitext-2: tampered download accepted"; else pass "wikitext-2: tampered download refused"; fi
        grep -q 'FAILED: wikitext-2/wiki.train.tokens.gz' "$T/$name.log" && pass "wikitext-2: failure names the file" || fail "wikitext-2: failure message"
        [ ! -e "$bad/wikitext-2" ] && pass "wikitext-2: nothing installed after failure" || fail "wikitext-2: files installed after failure"
        # a .gz that differs only by compression (simulated with a list whose .gz hash is wrong) is accepted via content
        sed 's/^[0-9a-f]\{64\}\(  wikitext-2\/wiki.valid\)/0000000000000000000000000000000000000000000000000000000000000000\1/' "$SUMS" >"$T/sums-altered"
        run "$name" "$T/root-alt" LINREPRO_FETCH_FROM="$T/fake" LINREPRO_SHA256SUMS="$T/sums-altered" &&
            grep -q 'decompressed content matches' "$T/$name.log" && pass "wikitext-2: content-hash fallback" || fail "wikitext-2: content-hash fallback"
    fi
    rm -rf -- "$T/fake"
done
if [ "$fails" != 0 ]; then
    for f in "$T"/*.log; do printf '\n== %s\n' "$f"; cat "$f"; done
    echo "$fails check(s) failed"
    exit 1
fi
echo "all offline data-script checks passed"
