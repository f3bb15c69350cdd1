#!/usr/bin/env bash
# LRA Retrieval (ACL Anthology Network document pairs, "AAN") in the canonical layout
#   aan/train.tsv.gz, aan/dev.tsv.gz, aan/test.tsv.gz   = new_aan_pairs.{train,eval,test}.tsv, byte copies, gzip -9 -n
# Each line: label \t id1 \t id2 \t text1 \t text2 (no header), as the LRA code reads them
# (google-research/long-range-arena, lra_benchmarks/matching/input_pipeline.py).
#
# Original release: Yi Tay et al., "Long Range Arena: A Benchmark for Efficient Transformers", ICLR 2021
# (arXiv:2011.04006); data: Radev et al., "The ACL Anthology Network Corpus" (2009/2013). The LRA release is one
# archive for all tasks, https://storage.googleapis.com/long-range-arena/lra_release.gz (a gzipped tar, about 7.7 GB;
# also gs://long-range-arena/lra_release); the TSVs sit under .../tsv_data/ inside it (the exact top folder has
# varied between descriptions, so any */tsv_data/new_aan_pairs.*.tsv member is taken). Some users report HTTP 403
# from that URL at times; then download it by other means and run with LINREPRO_FETCH_FROM=/path/to/lra_release.gz.
# Licence: the LRA repository is Apache-2.0 (stated for its code; the release names no separate data licence); the
# AAN texts come from the ACL Anthology via the AAN corpus (Radev et al.), whose terms apply.
#
# NOT VERIFIED: no published SHA-256 of lra_release.gz and no checksum of the AAN TSVs is known, so neither the
# download nor the result can be checked against a hash; the library lists the files as UNCHECKED. The script only
# checks structure: 5 tab-separated fields per line and the split sizes reported for LRA Retrieval
# (147,086 / 18,090 / 17,437 pairs, as in the S4 paper's appendix; a mismatch is only a warning, since these counts
# come from papers, not from the release).
#
# usage: data-scripts/aan.sh [DATA_ROOT]      (or: ./linrepro data fetch aan)
LR_NAME=aan
LR_ONE_ARCHIVE=1
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

ARCHIVE=lra_release.gz
ARCHIVE_SHA256="" # unknown: see above
ARCHIVE_URLS=("https://storage.googleapis.com/long-range-arena/lra_release.gz")
FILES=(aan/train.tsv.gz aan/dev.tsv.gz aan/test.tsv.gz)

lr_init "$LR_NAME" "Fetches LRA Retrieval (AAN) into DATA_ROOT/aan (default \$LINREPRO_DATA or ~/.cache/linrepro/data). Downloads ~7.7 GB." "$@"
lr_require tar
lr_done_already "${FILES[@]}"

lr_fetch "$ARCHIVE" "$ARCHIVE_SHA256" "${ARCHIVE_URLS[@]}"
mkdir -p -- "$LR_WORK/src"
lr_log "extracting the AAN TSVs (tar reads through the whole archive; this takes a while)"
tar -xzf "$LR_FETCHED" -C "$LR_WORK/src" --wildcards '*tsv_data/new_aan_pairs.*.tsv'

for pair in train:train eval:dev test:test; do
    orig=${pair%%:*}
    split=${pair##*:}
    found=$(find "$LR_WORK/src" -type f -name "new_aan_pairs.$orig.tsv")
    [ -n "$found" ] || lr_die "$ARCHIVE has no */tsv_data/new_aan_pairs.$orig.tsv"
    [ "$(printf '%s\n' "$found" | wc -l)" = 1 ] || lr_die "$ARCHIVE has several new_aan_pairs.$orig.tsv: $found"
    stats=$(awk -F'\t' 'NF != 5 { bad++ } END { print NR + 0, bad + 0 }' "$found")
    rows=${stats% *}
    bad=${stats#* }
    [ "$bad" = 0 ] || lr_die "new_aan_pairs.$orig.tsv: $bad of $rows lines do not have 5 tab-separated fields"
    case $split in train) want=147086 ;; dev) want=18090 ;; test) want=17437 ;; esac
    if [ "$rows" = "$want" ]; then
        lr_log "new_aan_pairs.$orig.tsv: $rows pairs, as reported for LRA Retrieval"
    else
        lr_warn "new_aan_pairs.$orig.tsv: $rows pairs; papers report $want"
    fi
    lr_gzip_to "aan/$split.tsv.gz" <"$found"
done

lr_install "${FILES[@]}"
