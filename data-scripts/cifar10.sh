#!/usr/bin/env bash
# CIFAR-10 as 8-bit gray images, in the canonical layout
#   cifar10/{train,test}_gray.bin.gz   records of 1025 bytes: [label u8][1024 gray u8], row-major 32x32
#
# Original release: Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", tech. report,
# University of Toronto, 2009. https://www.cs.toronto.edu/~kriz/cifar.html, binary version:
#   https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz  (170,052,171 bytes; the page gives its MD5
#   c32a1d4ab5d03f1284b67883e8d87530). No formal licence; the creators ask that the report be cited.
# SHA-256 of the archive as TensorFlow Datasets pins it (tensorflow_datasets/url_checksums/cifar10.txt; the same
# value is pinned by Julia DataDeps registrations and other loaders):
#   cifar-10-binary.tar.gz  c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd
# Conversion (as shared/data/cifar10/SOURCE.md and README.md specify): records of the original batches, in order
# (train = data_batch_1..5.bin, test = test_batch.bin; each record [label][1024 R][1024 G][1024 B]), become
# [label][gray], gray = (299*R + 587*G + 114*B + 500) / 1000 in integer arithmetic (truncating division).
# Compressed with Python's gzip module (level 9, mtime 0, header name train_gray.bin / test_gray.bin) as the
# mirror was. python3 does the byte arithmetic (numpy if installed, else pure Python, about a minute).
#
# usage: data-scripts/cifar10.sh [DATA_ROOT]      (or: ./linrepro data fetch cifar10)
LR_NAME=cifar10
LR_ONE_ARCHIVE=1
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"

TAR=cifar-10-binary.tar.gz
TAR_SHA256=c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd
TAR_URLS=("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
FILES=(cifar10/train_gray.bin.gz cifar10/test_gray.bin.gz)

lr_init "$LR_NAME" "Fetches CIFAR-10 into DATA_ROOT/cifar10 as gray records (default \$LINREPRO_DATA or ~/.cache/linrepro/data)." "$@"
lr_require tar python3
lr_done_already "${FILES[@]}"

lr_fetch "$TAR" "$TAR_SHA256" "${TAR_URLS[@]}"
mkdir -p -- "$LR_WORK/src" "$LR_OUT/cifar10"
tar -xzf "$LR_FETCHED" -C "$LR_WORK/src" --wildcards 'cifar-10-batches-bin/*.bin'

python3 - "$LR_WORK/src/cifar-10-batches-bin" "$LR_OUT/cifar10" <<'PY'
import gzip, os, sys

src, out = sys.argv[1], sys.argv[2]
REC, PX = 3073, 1024
try:
    import numpy as np
except ImportError:
    np = None
if os.environ.get("LINREPRO_NO_NUMPY") == "1":  # exercise the pure-Python path
    np = None

def gray_records(data):
    n = len(data) // REC
    if np is not None:
        a = np.frombuffer(data, dtype=np.uint8).reshape(n, REC)
        rgb = a[:, 1:].reshape(n, 3, PX).astype(np.int32)
        g = (299 * rgb[:, 0] + 587 * rgb[:, 1] + 114 * rgb[:, 2] + 500) // 1000
        o = np.empty((n, 1 + PX), dtype=np.uint8)
        o[:, 0] = a[:, 0]
        o[:, 1:] = g.astype(np.uint8)
        return o.tobytes()
    tr, tg, tb = [299 * v for v in range(256)], [587 * v for v in range(256)], [114 * v + 500 for v in range(256)]
    parts = []
    for i in range(n):
        base = i * REC
        r = data[base + 1:base + 1 + PX]
        g = data[base + 1 + PX:base + 1 + 2 * PX]
        b = data[base + 1 + 2 * PX:base + REC]
        parts.append(bytes((data[base],)))
        parts.append(bytes([(tr[x] + tg[y] + tb[z]) // 1000 for x, y, z in zip(r, g, b)]))
    return b"".join(parts)

for split, batches, expected in (("train", ["data_batch_%d.bin" % k for k in range(1, 6)], 50000),
                                 ("test", ["test_batch.bin"], 10000)):
    name = split + "_gray.bin"
    counts = [0] * 10
    total = 0
    with open(os.path.join(out, name + ".gz"), "wb") as raw, \
            gzip.GzipFile(filename=name, mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
        for batch in batches:
            with open(os.path.join(src, batch), "rb") as f:
                data = f.read()
            if len(data) != 10000 * REC:
                sys.exit("cifar10: %s has %d bytes, expected %d" % (batch, len(data), 10000 * REC))
            for i in range(10000):
                lab = data[i * REC]
                if lab > 9:
                    sys.exit("cifar10: %s record %d has label %d" % (batch, i, lab))
                counts[lab] += 1
            gz.write(gray_records(data))
            total += 10000
    if total != expected or counts != [expected // 10] * 10:
        sys.exit("cifar10: %s has %d records, per class %s" % (split, total, counts))
    print("[cifar10] %s: %d records, %d per class (%s)" % (split, total, expected // 10,
          "numpy" if np is not None else "pure Python"), file=sys.stderr)
PY

lr_install "${FILES[@]}"
