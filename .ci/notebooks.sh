#!/usr/bin/env bash
# Executes every notebooks/*.ipynb (or the names given as arguments) through real Jupyter
# (jupyter nbconvert --execute) on the linrepro Java kernel, at LINREPRO_TIER=smoke.
#
# Builds nothing: run `mvn package` first (kernel/target/linrepro-kernel.jar and reproductions/target/{linrepro.jar,lib/}).
# Installs the kernelspec into a temporary prefix (JUPYTER_PATH points there; nothing is installed for the user)
# and writes executed copies to a temporary folder, never into notebooks/.
#
# Environment:
#   LINREPRO_NOTEBOOK_CELL_TIMEOUT  seconds per cell (default 600)
#   LINREPRO_NOTEBOOK_CLASSPATH     classpath the kernel preloads (default reproductions/target/linrepro.jar:reproductions/target/lib/*)
#   LINREPRO_NOTEBOOK_OUT           keep the executed notebooks and logs in this folder (default: a temporary one, removed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v jupyter-nbconvert >/dev/null 2>&1; then
  echo "notebooks: installing jupyter-nbconvert, python3-nbclient, jupyter-client (Debian packages)"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-nbclient jupyter-client >/dev/null
fi

JAR="$ROOT/kernel/target/linrepro-kernel.jar"
CLASSPATH_DEFAULT="$ROOT/reproductions/target/linrepro.jar:$ROOT/reproductions/target/lib/*"
KERNEL_CLASSPATH="${LINREPRO_NOTEBOOK_CLASSPATH:-$CLASSPATH_DEFAULT}"
CELL_TIMEOUT="${LINREPRO_NOTEBOOK_CELL_TIMEOUT:-600}"
if [ ! -f "$JAR" ]; then
  echo "notebooks: $JAR is missing; run 'mvn -o package -DskipTests' first" >&2
  exit 2
fi
if [ -z "${LINREPRO_NOTEBOOK_CLASSPATH:-}" ] && [ ! -f "$ROOT/reproductions/target/linrepro.jar" ]; then
  echo "notebooks: reproductions/target/linrepro.jar is missing; run 'mvn -o package -DskipTests' first" >&2
  exit 2
fi

if [ -n "${LINREPRO_NOTEBOOK_OUT:-}" ]; then
  WORK="$LINREPRO_NOTEBOOK_OUT"
  mkdir -p "$WORK"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/linrepro-notebooks.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/out" "$WORK/logs" "$WORK/runtime" "$WORK/config"

java -cp "$JAR" org.linrepro.kernel.KernelCli install --prefix "$WORK/jupyter" --name java \
  --classpath "$KERNEL_CLASSPATH" >/dev/null
export JUPYTER_PATH="$WORK/jupyter/share/jupyter"
export JUPYTER_RUNTIME_DIR="$WORK/runtime"
export JUPYTER_CONFIG_DIR="$WORK/config"
export LINREPRO_TIER=smoke

if [ "$#" -gt 0 ]; then
  NOTEBOOKS=()
  for name in "$@"; do
    name="${name%.ipynb}"
    NOTEBOOKS+=("notebooks/${name#notebooks/}.ipynb")
  done
else
  shopt -s nullglob
  NOTEBOOKS=(notebooks/*.ipynb)
  shopt -u nullglob
fi
if [ "${#NOTEBOOKS[@]}" -eq 0 ]; then
  echo "notebooks: none found in notebooks/"
  exit 0
fi

passed=0
failed=0
for nb in "${NOTEBOOKS[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$WORK/logs/$name.log"
  start=$(date +%s%N)
  if [ -f "$nb" ] && jupyter nbconvert --to notebook --execute \
      --ExecutePreprocessor.kernel_name=java \
      --ExecutePreprocessor.timeout="$CELL_TIMEOUT" \
      --ExecutePreprocessor.startup_timeout=180 \
      --output-dir "$WORK/out" --output "$name" "$nb" >"$log" 2>&1; then
    status=PASS
    passed=$((passed + 1))
  else
    status=FAIL
    failed=$((failed + 1))
    [ -f "$nb" ] || echo "no such notebook: $nb" >>"$log"
  fi
  end=$(date +%s%N)
  printf '%s  %-44s %7.1f s\n' "$status" "$nb" "$(awk -v a="$start" -v b="$end" 'BEGIN { print (b - a) / 1e9 }')"
  if [ "$status" = FAIL ]; then
    tail -n 40 "$log" | sed 's/^/    | /'
  fi
done

echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
