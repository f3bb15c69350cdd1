#!/usr/bin/env bash
# IMDB Large Movie Review Dataset v1.0 as JSON lines, in the canonical layout
#   imdb/{train,test}.jsonl.gz   one {"text": <review>, "label": 0|1} per line
#
# Original release: Andrew L. Maas et al., "Learning Word Vectors for Sentiment Analysis", ACL 2011.
#   https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz  (about 84 MB)
# No formal licence; the creators ask that the paper be cited (shared/data/imdb/SOURCE.md). Review texts from IMDb.
# SHA-256 of the archive as TensorFlow Datasets pins it (tensorflow_datasets/url_checksums/imdb_reviews.txt,
# 84,125,825 bytes; the same value is pinned by Julia DataDeps registrations and other loaders):
#   aclImdb_v1.tar.gz  c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe
# Conversion (the mirror's tools/data/build_imdb.py, reproduced exactly): only train/test {neg,pos} reviews
# (unsup, .feat and URL files are left out). Per split: all neg reviews sorted by the numeric id in
# <id>_<rating>.txt, then all pos reviews likewise; label 0 = neg, 1 = pos. text = the file's bytes decoded as UTF-8,
# unchanged (<br /> kept, no newline translation). Each line is Python json.dumps({"text": t, "label": l},
# ensure_ascii=False) + "\n". Compressed with Python's gzip module (level 9, mtime 0, file name train.jsonl /
# test.jsonl in the header) as the mirror was; python3 is used because JSON escaping in awk would be fragile.
#
# usage: data-scripts/imdb.sh [DATA_ROOT]      (or: ./linrepro data fetch imdb)
LR_NAME=imdb
LR_ONE_ARCHIVE=1
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

TAR=aclImdb_v1.tar.gz
TAR_SHA256=c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe
TAR_URLS=("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz")
FILES=(imdb/train.jsonl.gz imdb/test.jsonl.gz)

lr_init "$LR_NAME" "Fetches IMDB v1.0 into DATA_ROOT/imdb (default \$LINREPRO_DATA or ~/.cache/linrepro/data)." "$@"
lr_require tar python3
lr_done_already "${FILES[@]}"

lr_fetch "$TAR" "$TAR_SHA256" "${TAR_URLS[@]}"
mkdir -p -- "$LR_WORK/src"
tar -xzf "$LR_FETCHED" -C "$LR_WORK/src" --wildcards \
    'aclImdb/train/neg/*.txt' 'aclImdb/train/pos/*.txt' 'aclImdb/test/neg/*.txt' 'aclImdb/test/pos/*.txt'
mkdir -p -- "$LR_OUT/imdb"

python3 - "$LR_WORK/src/aclImdb" "$LR_OUT/imdb" <<'PY'
import gzip, json, os, re, sys

src, out = sys.argv[1], sys.argv[2]
name_re = re.compile(r"(\d+)_(\d+)\.txt")
for split in ("train", "test"):
    counts = {}
    path = os.path.join(out, split + ".jsonl.gz")
    with open(path, "wb") as raw, gzip.GzipFile(filename=split + ".jsonl", mode="wb", compresslevel=9,
                                                fileobj=raw, mtime=0) as gz:
        for folder, label in (("neg", 0), ("pos", 1)):
            d = os.path.join(src, split, folder)
            ids = {}
            for n in os.listdir(d):
                m = name_re.fullmatch(n)
                if not m:
                    sys.exit("imdb: unexpected file %s/%s" % (d, n))
                i, rating = int(m.group(1)), int(m.group(2))
                if i in ids:
                    sys.exit("imdb: duplicate id %d in %s" % (i, d))
                if (label == 0 and rating > 4) or (label == 1 and rating < 7):
                    sys.exit("imdb: rating %d does not fit label %d: %s/%s" % (rating, label, d, n))
                ids[i] = n
            for i in sorted(ids):
                with open(os.path.join(d, ids[i]), "rb") as f:
                    text = f.read().decode("utf-8")
                gz.write((json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n").encode("utf-8"))
            counts[folder] = len(ids)
    if counts != {"neg": 12500, "pos": 12500}:
        sys.exit("imdb: %s has %s reviews, expected 12500 neg and 12500 pos" % (split, counts))
    print("[imdb] %s: 25,000 reviews (12,500 neg, 12,500 pos)" % split, file=sys.stderr)
PY

lr_install "${FILES[@]}"
