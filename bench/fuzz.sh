#!/usr/bin/env bash
# Issue 15, point 7, the long run: mutated kernel code through parse -> facts -> rules -> proof ->
# fix -> diff applied back (src/test/java/org/kvlint/fuzz/), counting every input, with progress
# every ten seconds and a closing line:
#   fuzz: done: N inputs in S s (R/s), C crashes or failed checks, H hangs, ...
# Each failing input is written to bench/out/fuzz/failures/ (with a .txt saying why): copy it into
# testdata/fuzz/, where FuzzTest keeps it as a regression fixture, and fix kvlint.
#
# Usage: bench/fuzz.sh [--count N] [--from I] [--seed S] [--threads T] [--hang-ms MS]
#   default: 1,000,000 inputs from number 0, master seed 15, one thread per core.
#   FUZZ_KERNEL=1 adds seeds from a kernel tree (lib.sh's kernel_tree, or $KVLINT_KERNEL_TREE):
#   its .c files that use the vmalloc/kvmalloc API, up to 48 KB each.
# Input I of seed S is always the same bytes, so a run can be split (--from/--count) and any
# input reproduced by its number.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$BENCH_OUT/fuzz"
mkdir -p "$OUT"
cd "$KVLINT_HOME"
# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh
kvlint_use_jdk
kvlint_require_build_tools
mvn -B -q -DskipTests test-compile >"$OUT/build.log" 2>&1 || { tail -n 30 "$OUT/build.log" >&2; exit 2; }
mvn -B -q dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" >>"$OUT/build.log" 2>&1

extra=()
if [[ "${FUZZ_KERNEL:-0}" == 1 ]]; then
  tree=$(kernel_tree)
  grep -rlE --include='*.c' '\b(vmalloc|vzalloc|kvmalloc|kvzalloc|kvfree|vfree)\(' "$tree" \
    | while read -r f; do [[ $(stat -c %s "$f") -le 49152 ]] && echo "$f"; done >"$OUT/kernel-seeds.txt"
  echo "fuzz: $(wc -l <"$OUT/kernel-seeds.txt") kernel files as extra seeds" >&2
  extra=(--seed-list "$OUT/kernel-seeds.txt")
fi

exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss16m -XX:+UseSerialGC \
  -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" org.kvlint.fuzz.FuzzMain \
  --failures "$OUT/failures" "${extra[@]}" "$@"
