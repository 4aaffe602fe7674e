#!/usr/bin/env bash
# Scans all of Debian's linux-source-6.1 with kvlint (installing and extracting it if needed)
# and writes per-rule counts. Outputs in bench/out/: kernel-findings.txt (gcc-style lines),
# kernel-findings.json, kernel-findings-counts.txt. Prints wall time, peak RSS, summary.
# Usage: bench/kernel-findings.sh [extra kvlint check options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tree=$(kernel_tree)
mkdir -p "$BENCH_OUT"
cd "$KVLINT_HOME"
./kvlint --version >/dev/null   # build first, so the timing below is the scan alone

run() { # format output [kvlint options...]
  local rc=0 fmt=$1 out=$2
  shift 2
  /usr/bin/time -f "%e %M" -o "$BENCH_OUT/time.txt" \
    ./kvlint check --format "$fmt" --output "$out" "$@" "$tree" 2>"$BENCH_OUT/stderr.txt" || rc=$?
  [[ $rc -le 1 ]] || { cat "$BENCH_OUT/stderr.txt" >&2; exit "$rc"; }
}
run text "$BENCH_OUT/kernel-findings.txt" "${@}"
# /usr/bin/time prepends "Command exited with non-zero status 1" when findings exist
read -r wall rss < <(tail -n 1 "$BENCH_OUT/time.txt")
summary=$(grep '^kvlint: [0-9]* finding' "$BENCH_OUT/stderr.txt" || true)
run json "$BENCH_OUT/kernel-findings.json" "${@}"

grep -o '\[KV[0-9]*\]$' "$BENCH_OUT/kernel-findings.txt" | tr -d '[]' | sort | uniq -c \
  | awk '{printf "%s %d\n", $2, $1}' >"$BENCH_OUT/kernel-findings-counts.txt"
echo "tree:      $tree"
echo "wall:      ${wall} s (whole scan, $(nproc) cores, warm page cache after the first run)"
echo "peak RSS:  $((rss / 1024)) MiB"
echo "summary:   $summary"
echo "per rule:"
sed 's/^/  /' "$BENCH_OUT/kernel-findings-counts.txt"
echo "levels:    $(grep -oE ': (error|warning|note): ' "$BENCH_OUT/kernel-findings.txt" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "diagnostics (unreadable/odd files): $(grep -c '^kvlint: \(warning\|note\):' "$BENCH_OUT/stderr.txt" || true)"
