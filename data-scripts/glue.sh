#!/usr/bin/env bash
# GLUE: the TSV files that download_glue_data.py (nyu-mll/GLUE-baselines; gist W4ngatang/60c2bdb5...) produces, in
# the canonical layout  glue/<TASK>/{train,dev,test}.tsv.gz  for CoLA SST-2 MRPC RTE STS-B WNLI, and QNLI dev/test
# (the mirror has no QNLI train, so it is not written).  Byte copies, gzip -9 -n.
#
# Original releases: download_glue_data.py first fetched the per-task zips from Firebase storage
# (URLs below, with their access tokens); they are now served from dl.fbaipublicfiles.com/glue/data/. The SHA-256
# values are those TensorFlow Datasets pins for the Firebase URLs (tensorflow_datasets/url_checksums/glue.txt);
# the same values are pinned for the dl.fbaipublicfiles.com copies of CoLA, SST-2, QNLIv2 and WNLI by other
# projects (Hugging Face glue dataset_infos, DataDeps), so both hosts serve the same bytes.
# MRPC is not redistributed as a zip: like download_glue_data.py, this script takes the SentEval copies of
# msr_paraphrase_{train,test}.txt (Microsoft Research Paraphrase Corpus; the original is MSRParaphraseCorpus.msi,
# https://www.microsoft.com/en-us/download/details.aspx?id=52398) and GLUE's mrpc_dev_ids.tsv and splits them
# exactly as format_mrpc() does (see mrpc_convert below).
# Licences: each task keeps its own (shared/data/glue/SOURCE.md lists them); GLUE has none of its own.
#
# usage: data-scripts/glue.sh [DATA_ROOT]      (or: ./linrepro data fetch glue   /  ./linrepro data fetch glue/SST-2)
# GLUE_TASKS="CoLA SST-2" restricts the fetch to some tasks (default: all seven).
LR_NAME=glue
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

FB=https://dl.fbaipublicfiles.com/glue/data
FIRE=https://firebasestorage.googleapis.com/v0/b/mtl-sentence-representations.appspot.com/o/data%2F
# task | zip | sha256 | current URL | original download_glue_data.py URL
ZIPS=(
    "CoLA|CoLA.zip|f212fcd832b8f7b435fb991f101abf89f96b933ab400603bf198960dfc32cbff|$FB/CoLA.zip|${FIRE}CoLA.zip?alt=media&token=46d5e637-3411-4188-bc44-5809b5bfb5f4"
    "SST-2|SST-2.zip|d67e16fb55739c1b32cdce9877596db1c127dc322d93c082281f64057c16deaa|$FB/SST-2.zip|${FIRE}SST-2.zip?alt=media&token=aabc5f6b-e466-44a2-b9b4-cf6337f84ac8"
    "RTE|RTE.zip|6bf86de103ecd335f3441bd43574d23fef87ecc695977a63b82d5efb206556ee|$FB/RTE.zip|${FIRE}RTE.zip?alt=media&token=5efa7e85-a0bb-4f19-8ea2-9e1840f077fb"
    "STS-B|STS-B.zip|e60a6393de5a8b5b9bac5020a1554b54e3691f9d600b775bd131e613ac179c85|$FB/STS-B.zip|${FIRE}STS-B.zip?alt=media&token=bddb94a7-8706-4e0d-a694-1109e12273b5"
    "WNLI|WNLI.zip|ae0e8e4d16f4d46d4a0a566ec7ecceccfd3fbfaa4a7a4b4e02848c0f2561ac46|$FB/WNLI.zip|${FIRE}WNLI.zip?alt=media&token=068ad0a0-ded7-4bd7-99a5-5e00222e0faf"
    "QNLI|QNLIv2.zip|e634e78627a29adaecd4f955359b22bf5e70f2cbd93b493f2d624138a0c0e5f5|$FB/QNLIv2.zip|${FIRE}QNLIv2.zip?alt=media&token=6fdcf570-0fc5-4631-8456-9505272d1601"
)
MRPC_TRAIN_SHA256=60a9b09084528f0673eedee2b69cb941920f0b8cd0eeccefc464a98768457f89
MRPC_TRAIN_URL=https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_train.txt
MRPC_TEST_SHA256=a04e271090879aaba6423d65b94950c089298587d9c084bf9cd7439bd785f784
MRPC_TEST_URL=https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_test.txt
MRPC_DEV_IDS_SHA256=971d7767d81b997fd9060ade0ec23c4fc31cbb226a55d1bd4a1bac474eb81dc7
MRPC_DEV_IDS_URLS=("$FB/mrpc_dev_ids.tsv" "${FIRE}mrpc_dev_ids.tsv?alt=media&token=ec5c0836-31d5-48f4-b431-7480817f1adc")

ALL_TASKS="CoLA SST-2 MRPC RTE STS-B WNLI QNLI"
TASKS=$(printf '%s' "${GLUE_TASKS:-$ALL_TASKS}" | tr ',' ' ')

splits_of() { if [ "$1" = QNLI ]; then echo "dev test"; else echo "train dev test"; fi; }

# format_mrpc() of download_glue_data.py, in awk (LC_ALL=C, bytes):
#   dev ids: row.strip().split('\t') of each line of mrpc_dev_ids.tsv;
#   train file: the header line is written unchanged (it keeps its UTF-8 BOM) to train.tsv and dev.tsv; each row is
#     label,id1,id2,s1,s2 = row.strip().split('\t') and goes to dev.tsv if [id1,id2] is a dev id, else train.tsv;
#   test file: header replaced by "index\t#1 ID\t#2 ID\t#1 String\t#2 String", rows "<0-based idx>\tid1\tid2\ts1\ts2".
# Python reads with universal newlines (CRLF -> LF) and str.strip() removes Unicode whitespace; both are reproduced
# (a bare CR inside a line would have crashed the original script, so it is an error here too).
mrpc_convert() { # dev_ids train test out_dir
    awk -v TRAIN_OUT="$4/train.tsv" -v DEV_OUT="$4/dev.tsv" -v TEST_OUT="$4/test.tsv" '
    function strip(s) {
        while (match(s, /^([ \t\n\r\v\f\034\035\036\037]|\302[\205\240]|\341\232\200|\342\200[\200-\212\250\251\257]|\342\201\237|\343\200\200)/))
            s = substr(s, RLENGTH + 1)
        while (match(s, /([ \t\n\r\v\f\034\035\036\037]|\302[\205\240]|\341\232\200|\342\200[\200-\212\250\251\257]|\342\201\237|\343\200\200)$/))
            s = substr(s, 1, RSTART - 1)
        return s
    }
    function fields(line, f,   n) {
        n = split(strip(line), f, "\t")
        if (n != 5) { printf "MRPC: %s line %d has %d tab-separated fields, expected 5\n", FILENAME, FNR, n > "/dev/stderr"; bad = 1; exit 1 }
    }
    {
        line = $0
        sub(/\r$/, "", line)
        if (index(line, "\r") > 0) { printf "MRPC: %s line %d contains a bare CR\n", FILENAME, FNR > "/dev/stderr"; bad = 1; exit 1 }
    }
    FILENAME == ARGV[1] {
        if (split(strip(line), g, "\t") == 2) dev[g[1] "\t" g[2]] = 1
        next
    }
    FILENAME == ARGV[2] && FNR == 1 { print line > TRAIN_OUT; print line > DEV_OUT; next }
    FILENAME == ARGV[2] {
        fields(line, f)
        out = ((f[2] "\t" f[3]) in dev) ? DEV_OUT : TRAIN_OUT
        if (out == DEV_OUT) ndev++
        print f[1] "\t" f[2] "\t" f[3] "\t" f[4] "\t" f[5] > out
        next
    }
    FILENAME == ARGV[3] && FNR == 1 { print "index\t#1 ID\t#2 ID\t#1 String\t#2 String" > TEST_OUT; next }
    FILENAME == ARGV[3] {
        fields(line, f)
        print (FNR - 2) "\t" f[2] "\t" f[3] "\t" f[4] "\t" f[5] > TEST_OUT
    }
    END { if (!bad && ndev == 0) { print "MRPC: no training row matched mrpc_dev_ids.tsv" > "/dev/stderr"; exit 1 } }
    ' "$1" "$2" "$3"
}

lr_init "$LR_NAME" "Fetches the GLUE TSVs into DATA_ROOT/glue (default \$LINREPRO_DATA or ~/.cache/linrepro/data); GLUE_TASKS selects tasks." "$@"
lr_require unzip

FILES=()
for task in $TASKS; do
    case " $ALL_TASKS " in *" $task "*) ;; *) lr_die "unknown GLUE task '$task' (known: $ALL_TASKS)" ;; esac
    for split in $(splits_of "$task"); do FILES+=("glue/$task/$split.tsv.gz"); done
done
lr_done_already "${FILES[@]}"

for task in $TASKS; do
    if [ "$task" = MRPC ]; then
        lr_fetch mrpc_dev_ids.tsv "$MRPC_DEV_IDS_SHA256" "${MRPC_DEV_IDS_URLS[@]}"
        dev_ids=$LR_FETCHED
        lr_fetch msr_paraphrase_train.txt "$MRPC_TRAIN_SHA256" "$MRPC_TRAIN_URL"
        msr_train=$LR_FETCHED
        lr_fetch msr_paraphrase_test.txt "$MRPC_TEST_SHA256" "$MRPC_TEST_URL"
        msr_test=$LR_FETCHED
        mkdir -p -- "$LR_WORK/MRPC"
        mrpc_convert "$dev_ids" "$msr_train" "$msr_test" "$LR_WORK/MRPC" || lr_die "MRPC conversion failed"
        for split in train dev test; do
            lr_gzip_to "glue/MRPC/$split.tsv.gz" <"$LR_WORK/MRPC/$split.tsv"
        done
        continue
    fi
    for entry in "${ZIPS[@]}"; do
        IFS='|' read -r t zip sha url_now url_orig <<<"$entry"
        [ "$t" = "$task" ] || continue
        lr_fetch "$zip" "$sha" "$url_now" "$url_orig"
        for split in $(splits_of "$task"); do
            # QNLIv2.zip unpacks to QNLI/, the others to <TASK>/
            member="$task/$split.tsv"
            unzip -Z1 -- "$LR_FETCHED" >"$LR_WORK/members.txt"
            grep -qxF -- "$member" "$LR_WORK/members.txt" ||
                lr_die "$zip has no member $member (members: $(tr '\n' ' ' <"$LR_WORK/members.txt"))"
            unzip -p -- "$LR_FETCHED" "$member" | lr_gzip_to "glue/$task/$split.tsv.gz"
        done
    done
done

lr_install "${FILES[@]}"
