#!/usr/bin/env bash
# Proves every fix kvlint proposes on Debian's linux-source-6.1 on the reference allocator model
# (`kvlint simulate --all`): each fix's functions run before and after the rewrite over the
# scenario matrix (7 sizes x plenty/fragmented/exhausted memory x GFP masks x random kvmalloc
# backends). Prints how many fixes were proven safe, how many are unsafe (grouped by what got
# worse) and how many could not be validated (grouped by construct). Details in
# bench/out/validate-all/: validate-all.txt (one line per fix, then the summary), validate-all.json.
#
# Usage: bench/validate-all.sh [extra kvlint simulate options, e.g. --kernel-version 5.10]
# The tree: $KVLINT_KERNEL_TREE, else /work/linux-6.1 if it exists, else extracted under bench/out/.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

if [[ -z "${KVLINT_KERNEL_TREE:-}" && -f /work/linux-6.1/Makefile ]]; then
  TREE=/work/linux-6.1
else
  TREE=$(kernel_tree)
fi
TREE=$(readlink -f "$TREE") # the walker does not follow a symlinked root
OUT="$BENCH_OUT/validate-all"
rm -rf "$OUT"
mkdir -p "$OUT"

# Run a snapshot of the jar: a rebuild of target/ during the run (another checkout user, an
# edited source) would otherwise pull classes out from under the running JVM.
"$KVLINT_HOME/kvlint" --version >/dev/null # builds if needed
SNAP="$OUT/kvlint-snapshot"
mkdir -p "$SNAP"
cp -r "$KVLINT_HOME/target/kvlint.jar" "$KVLINT_HOME/target/lib" "$SNAP/"
# shellcheck source=scripts/jdk.sh
source "$KVLINT_HOME/scripts/jdk.sh"
kvlint_use_jdk
kvlint() {
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss16m -Dkvlint.home="$KVLINT_HOME" -jar "$SNAP/kvlint.jar" "$@"
}

echo "validate-all: tree $TREE" >&2
start=$(date +%s.%N)
rc=0
# exit 1 = some fix is not proven safe: expected, not an error
kvlint simulate --all "$@" "$TREE" >"$OUT/validate-all.txt" 2>"$OUT/stderr.txt" || rc=$?
end=$(date +%s.%N)
if [[ $rc -gt 1 ]]; then
  tail -n 20 "$OUT/stderr.txt" >&2
  echo "validate-all: kvlint simulate failed (exit $rc)" >&2
  exit 2
fi
# The same results as JSON (status, reason and first worse row per fix), from a second, quiet run
# only when asked: the scan dominates the time.
if [[ -n "${VALIDATE_ALL_JSON:-}" ]]; then
  kvlint simulate --all --format json "$@" "$TREE" >"$OUT/validate-all.json" 2>/dev/null || true
fi

sed -n '/^kvlint simulate: /,$p' "$OUT/validate-all.txt"
printf 'wall:      %.0f s (scan + validation, %s cores)\n' "$(echo "$end - $start" | bc)" "$(nproc)"
echo "details:   $OUT/validate-all.txt"
