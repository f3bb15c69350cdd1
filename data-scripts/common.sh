# shellcheck shell=bash
# Helpers shared by data-scripts/*.sh. Sourced, never run on its own.
#
# Every script: downloads the original release into a work folder, checks the download's published SHA-256,
# converts it to the canonical layout of shared/data/README.md, checks each converted file against
#   lib/src/main/resources/org/linrepro/data/SHA256SUMS   (sha256 of the .gz, what the Java library checks), and
#   data-scripts/CONTENT-SHA256SUMS                        (sha256 of the decompressed content),
# and only then moves the files into the data root (same file system: an atomic rename). A file whose .gz differs
# but whose content matches is accepted with a warning: gzip output depends on the compressor version, and the
# library (DataRoot) accepts such a file through the same content checksum.
#
# Environment:
#   LINREPRO_DATA          data root when no DATA_ROOT argument is given (default ~/.cache/linrepro/data)
#   LINREPRO_FETCH_FROM    take the downloads from this local DIRECTORY (files under their original names) or
#                          FILE (used for a download of the same name, or for the only download of a one-archive
#                          script) instead of the network. Used to test conversions offline and to reuse downloads.
#   LINREPRO_ALLOW_ARCHIVE_MISMATCH=1
#                          accept a download whose SHA-256 differs from the published one even when some output
#                          has no checksum to be checked against (otherwise that is an error). For tests with
#                          locally built archives only.
#   LINREPRO_FORCE=1       fetch again even if every file is already present and verified
#   LINREPRO_KEEP_WORK=1   keep the work folder (for debugging a conversion)

set -euo pipefail
export LC_ALL=C

LR_SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LR_PROJECT_DIR=$(dirname "$LR_SCRIPT_DIR")
LR_SUMS=${LINREPRO_SHA256SUMS:-$LR_PROJECT_DIR/lib/src/main/resources/org/linrepro/data/SHA256SUMS}
LR_CONTENT_SUMS=${LINREPRO_CONTENT_SHA256SUMS:-$LR_SCRIPT_DIR/CONTENT-SHA256SUMS}
LR_NAME=${LR_NAME:-data}
LR_ONE_ARCHIVE=${LR_ONE_ARCHIVE:-0}
LR_ARCHIVE_MISMATCH=""
LR_ARCHIVE_UNKNOWN=""
LR_WORK=""
# shellcheck disable=SC2034  # set by lr_fetch, read by the scripts that source this file
LR_FETCHED=""

lr_log() { printf '[%s] %s\n' "$LR_NAME" "$*" >&2; }
lr_warn() { printf '[%s] WARNING: %s\n' "$LR_NAME" "$*" >&2; }
lr_die() {
    printf '[%s] ERROR: %s\n' "$LR_NAME" "$*" >&2
    exit 1
}

lr_cleanup() {
    if [ -n "$LR_WORK" ] && [ -d "$LR_WORK" ]; then
        if [ "${LINREPRO_KEEP_WORK:-0}" = 1 ]; then
            lr_log "work folder kept: $LR_WORK"
        else
            rm -rf -- "$LR_WORK"
        fi
    fi
}

# lr_init NAME USAGE_TEXT "$@" — parses [DATA_ROOT], checks tools, creates the work folder ($LR_DL, $LR_OUT).
lr_init() {
    LR_NAME=$1
    local usage=$2
    shift 2
    case "${1:-}" in
    -h | --help)
        printf 'usage: data-scripts/%s.sh [DATA_ROOT]\n%s\n' "$LR_NAME" "$usage"
        exit 0
        ;;
    -*) lr_die "unknown option $1 (usage: data-scripts/$LR_NAME.sh [DATA_ROOT])" ;;
    esac
    [ $# -le 1 ] || lr_die "too many arguments (usage: data-scripts/$LR_NAME.sh [DATA_ROOT])"
    DATA_ROOT=${1:-${LINREPRO_DATA:-$HOME/.cache/linrepro/data}}
    mkdir -p -- "$DATA_ROOT" 2>/dev/null || lr_die "cannot create the data root $DATA_ROOT"
    DATA_ROOT=$(cd "$DATA_ROOT" && pwd)
    local probe
    probe=$(mktemp "$DATA_ROOT/.linrepro-write-test.XXXXXX" 2>/dev/null) ||
        lr_die "the data root $DATA_ROOT is not writable (a verified mirror is read-only; give another DATA_ROOT)"
    rm -f -- "$probe"
    local t
    for t in sha256sum gzip awk; do
        command -v "$t" >/dev/null || lr_die "required tool '$t' not found"
    done
    [ -f "$LR_SUMS" ] || lr_die "checksum list not found: $LR_SUMS"
    [ -f "$LR_CONTENT_SUMS" ] || lr_die "content checksum list not found: $LR_CONTENT_SUMS"
    # The work folder lives inside the data root so that installing is a rename on one file system
    # (and so multi-GB downloads do not fill /tmp). It is removed on exit.
    LR_WORK=$(mktemp -d "$DATA_ROOT/.linrepro-fetch-$LR_NAME.XXXXXX")
    trap lr_cleanup EXIT
    LR_DL=$LR_WORK/download
    LR_OUT=$LR_WORK/out
    mkdir -p -- "$LR_DL" "$LR_OUT"
    lr_log "data root: $DATA_ROOT"
}

lr_require() {
    local t
    for t in "$@"; do
        command -v "$t" >/dev/null || lr_die "required tool '$t' not found"
    done
}

# lr_lookup LIST PATH — prints the sha256 listed for PATH in a sha256sum-format LIST, or nothing.
lr_lookup() {
    awk -v p="$2" '!/^#/ && NF >= 2 { f = $2; sub(/^\*/, "", f); if (f == p) { print $1; exit } }' "$1"
}

lr_sha256() { sha256sum -- "$1" | cut -c1-64; }

# lr_done_already REL... — exits 0 when every file is present and its .gz sha256 is the listed one
# (files without a listed checksum only need to be present), unless LINREPRO_FORCE=1.
lr_done_already() {
    [ "${LINREPRO_FORCE:-0}" = 1 ] && return 0
    local rel exp
    for rel in "$@"; do
        [ -f "$DATA_ROOT/$rel" ] || return 0
        exp=$(lr_lookup "$LR_SUMS" "$rel")
        if [ -n "$exp" ] && [ "$(lr_sha256 "$DATA_ROOT/$rel")" != "$exp" ]; then
            return 0
        fi
    done
    lr_log "all files already present and verified in $DATA_ROOT (set LINREPRO_FORCE=1 to fetch again)"
    exit 0
}

# lr_fetch FILE SHA256 URL [URL...] — sets LR_FETCHED to a local copy of FILE (downloaded, or from
# LINREPRO_FETCH_FROM) and checks its SHA-256. SHA256 may be empty when no published checksum is known.
lr_fetch() {
    local file=$1 sha=$2
    shift 2
    local src=""
    if [ -n "${LINREPRO_FETCH_FROM:-}" ]; then
        if [ -d "$LINREPRO_FETCH_FROM" ]; then
            src=$LINREPRO_FETCH_FROM/$file
        elif [ -f "$LINREPRO_FETCH_FROM" ] && { [ "$(basename "$LINREPRO_FETCH_FROM")" = "$file" ] || [ "$LR_ONE_ARCHIVE" = 1 ]; }; then
            src=$LINREPRO_FETCH_FROM
        else
            lr_die "LINREPRO_FETCH_FROM=$LINREPRO_FETCH_FROM: give a directory holding $file, or the file itself"
        fi
        [ -f "$src" ] || lr_die "LINREPRO_FETCH_FROM: $src not found"
        lr_log "$file: using local copy $src (no download)"
    else
        local url ok=0
        src=$LR_DL/$file
        for url in "$@"; do
            lr_log "$file: downloading $url"
            if command -v curl >/dev/null; then
                curl -fL --retry 3 --connect-timeout 30 -o "$src.part" -- "$url" && ok=1
            elif command -v wget >/dev/null; then
                wget -q -O "$src.part" -- "$url" && ok=1
            else
                lr_die "neither curl nor wget is installed"
            fi
            if [ "$ok" = 1 ]; then
                mv -f -- "$src.part" "$src"
                break
            fi
            lr_warn "$file: download from $url failed"
            rm -f -- "$src.part"
        done
        [ "$ok" = 1 ] || lr_die "could not download $file from any of: $*"
    fi
    if [ -z "$sha" ]; then
        lr_warn "$file: no published SHA-256 is known for this download; only the converted files can be checked"
        LR_ARCHIVE_UNKNOWN="$LR_ARCHIVE_UNKNOWN $file"
    else
        local got
        got=$(lr_sha256 "$src")
        if [ "$got" = "$sha" ]; then
            lr_log "$file: sha256 OK ($sha)"
        else
            lr_warn "$file: sha256 $got differs from the published $sha"
            LR_ARCHIVE_MISMATCH="$LR_ARCHIVE_MISMATCH $file"
        fi
    fi
    # shellcheck disable=SC2034
    LR_FETCHED=$src
}

# lr_gzip_to REL < data — writes stdin to $LR_OUT/REL with `gzip -9 -n` (no name, mtime 0), as the mirror was made.
lr_gzip_to() {
    mkdir -p -- "$(dirname "$LR_OUT/$1")"
    gzip -9 -n -c >"$LR_OUT/$1"
}

# lr_install REL... — verifies the converted files and moves them into the data root; nothing is installed if any
# check fails.
lr_install() {
    local rel f gz_exp c_exp gz_act c_act failed=0 unchecked=""
    for rel in "$@"; do
        f=$LR_OUT/$rel
        [ -f "$f" ] || lr_die "the conversion did not produce $rel"
        gzip -t -- "$f" 2>/dev/null || lr_die "$rel: not a valid gzip file"
        gz_exp=$(lr_lookup "$LR_SUMS" "$rel")
        c_exp=$(lr_lookup "$LR_CONTENT_SUMS" "${rel%.gz}")
        gz_act=$(lr_sha256 "$f")
        if [ -n "$gz_exp" ] && [ "$gz_act" = "$gz_exp" ]; then
            lr_log "$rel: OK, sha256 matches SHA256SUMS"
        elif [ -n "$c_exp" ]; then
            c_act=$(gzip -dc -- "$f" | sha256sum | cut -c1-64)
            if [ "$c_act" = "$c_exp" ]; then
                lr_warn "$rel: the .gz bytes differ from SHA256SUMS (another gzip/zlib version) but the decompressed content matches CONTENT-SHA256SUMS; accepted"
            else
                printf '[%s] FAILED: %s: content sha256 %s, expected %s (CONTENT-SHA256SUMS)\n' "$LR_NAME" "$rel" "$c_act" "$c_exp" >&2
                failed=1
            fi
        elif [ -n "$gz_exp" ]; then
            printf '[%s] FAILED: %s: sha256 %s, expected %s (SHA256SUMS)\n' "$LR_NAME" "$rel" "$gz_act" "$gz_exp" >&2
            failed=1
        else
            unchecked="$unchecked $rel"
        fi
    done
    [ "$failed" = 0 ] || lr_die "converted files do not match the expected checksums; nothing was installed (LINREPRO_KEEP_WORK=1 keeps them for inspection)"
    if [ -n "$unchecked" ]; then
        lr_warn "no checksum is known for:$unchecked; installed without verification"
        if [ -n "$LR_ARCHIVE_MISMATCH" ] && [ "${LINREPRO_ALLOW_ARCHIVE_MISMATCH:-0}" != 1 ]; then
            lr_die "download(s)$LR_ARCHIVE_MISMATCH differ from the published SHA-256 and$unchecked cannot be checked otherwise; refusing to install (LINREPRO_ALLOW_ARCHIVE_MISMATCH=1 overrides)"
        fi
    elif [ -n "$LR_ARCHIVE_MISMATCH" ]; then
        lr_warn "download(s)$LR_ARCHIVE_MISMATCH differ from the published SHA-256, but every converted file matched its checksum"
    fi
    for rel in "$@"; do
        mkdir -p -- "$(dirname "$DATA_ROOT/$rel")"
        chmod 0644 -- "$LR_OUT/$rel"
        mv -f -- "$LR_OUT/$rel" "$DATA_ROOT/$rel"
    done
    lr_log "installed $# file(s) into $DATA_ROOT"
}
