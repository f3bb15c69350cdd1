#!/usr/bin/env bash
# WikiText-2 (v1): tokenized train/valid/test and the raw test split, in the canonical layout
#   wikitext-2/wiki.{train,valid,test}.tokens.gz, wikitext-2/raw/wiki.test.raw.gz   (gzip -9 -n of the original files)
#
# Original release: Stephen Merity et al., "Pointer Sentinel Mixture Models" (arXiv:1609.07843), Salesforce/MetaMind,
# licence CC BY-SA 3.0. Originally published at https://s3.amazonaws.com/research.metamind.io/wikitext/ (that bucket
# no longer serves the files); the same archives are served by the author at https://wikitext.smerity.com/.
# SHA-256 of the archives as pinned by the Julia DataDeps registration (dellison/WikiText.jl, src/WikiText.jl):
#   wikitext-2-v1.zip      92675f1d63015c1c8b51f1656a52d5bdbc33aafa60cc47a218a66e7ee817488c
#   wikitext-2-raw-v1.zip  ef7edb566e3e2b2d31b29c1fdb0c89a4cc683597484c3dc2517919c615435a11
# Conversion: the zip members wikitext-2/wiki.*.tokens and wikitext-2-raw/wiki.test.raw are copied byte for byte and
# gzipped. Only the raw *test* split is kept (the mirror's layout).
#
# usage: data-scripts/wikitext-2.sh [DATA_ROOT]      (or: ./linrepro data fetch wikitext-2)
LR_NAME=wikitext-2
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

TOKENS_ZIP=wikitext-2-v1.zip
TOKENS_SHA256=92675f1d63015c1c8b51f1656a52d5bdbc33aafa60cc47a218a66e7ee817488c
TOKENS_URLS=(
    "https://wikitext.smerity.com/wikitext-2-v1.zip"
    "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-v1.zip"
)
RAW_ZIP=wikitext-2-raw-v1.zip
RAW_SHA256=ef7edb566e3e2b2d31b29c1fdb0c89a4cc683597484c3dc2517919c615435a11
RAW_URLS=(
    "https://wikitext.smerity.com/wikitext-2-raw-v1.zip"
    "https://s3.amazonaws.com/research.metamind.io/wikitext/wikitext-2-raw-v1.zip"
)
FILES=(wikitext-2/wiki.train.tokens.gz wikitext-2/wiki.valid.tokens.gz wikitext-2/wiki.test.tokens.gz
    wikitext-2/raw/wiki.test.raw.gz)

lr_init "$LR_NAME" "Fetches WikiText-2 (v1) into DATA_ROOT/wikitext-2 (default \$LINREPRO_DATA or ~/.cache/linrepro/data)." "$@"
lr_require unzip
lr_done_already "${FILES[@]}"

lr_fetch "$TOKENS_ZIP" "$TOKENS_SHA256" "${TOKENS_URLS[@]}"
tokens_zip=$LR_FETCHED
for split in train valid test; do
    unzip -p -- "$tokens_zip" "wikitext-2/wiki.$split.tokens" | lr_gzip_to "wikitext-2/wiki.$split.tokens.gz"
done

lr_fetch "$RAW_ZIP" "$RAW_SHA256" "${RAW_URLS[@]}"
unzip -p -- "$LR_FETCHED" "wikitext-2-raw/wiki.test.raw" | lr_gzip_to "wikitext-2/raw/wiki.test.raw.gz"

lr_install "${FILES[@]}"
