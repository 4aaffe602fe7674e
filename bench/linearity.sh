#!/usr/bin/env bash
# Issue 15, point 2: does kvlint's cost grow linearly with the size of a function, a chain, a
# line, a file? Generates the inputs (src/test/java/org/kvlint/engine/HostileInputs.java, each
# with open-coded fallbacks so findings must still come out) and times each row in each mode:
#   check  kvlint check (text: scan and rules)
#   json   kvlint check --format json (also proves every fix on the allocator model)
#   fix    kvlint fix (the diff: full re-analysis, proof and rewrite)
# printing wall time, peak RSS and the number of findings (or fixes in the diff), one line each.
#
# Usage: bench/linearity.sh [ROW...]      (default: every row)
#   MODES="check json fix"   modes to run     TIMEOUT=600   seconds per run before it is killed
# Rows: stmts-1k stmts-10k stmts-100k (one function with that many statements), ternary-10k,
# elseif-10k, line-10mb (a 10 MB single line), regs-50mb (a 50 MB generated register header),
# fallbacks-100kb/200kb/400kb (one function made of open-coded fallbacks).
# Inputs and outputs: bench/out/linearity/. Timings from a shared machine are not claims.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="$BENCH_OUT/linearity"
MODES=${MODES:-check json fix}
TIMEOUT=${TIMEOUT:-600}
mkdir -p "$OUT"
cd "$KVLINT_HOME"
./kvlint --version >/dev/null # build first, so the timings are the runs alone
# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh
kvlint_use_jdk

"$JAVA_HOME/bin/java" src/test/java/org/kvlint/engine/HostileInputs.java "$OUT/inputs" "$@" >"$OUT/rows.txt"

printf '%-16s %10s %-5s %9s %9s %9s  %s\n' row bytes mode wall_s rss_mib findings status
while read -r row file bytes; do
  for mode in $MODES; do
    case $mode in
      check) cmd=(./kvlint check -q "$file") ;;
      json) cmd=(./kvlint check -q --format json "$file") ;;
      fix) cmd=(./kvlint fix -q "$file") ;;
      *) echo "unknown mode $mode" >&2; exit 2 ;;
    esac
    rc=0
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" timeout --signal=KILL "$TIMEOUT" "${cmd[@]}" \
      >"$OUT/$row.$mode.out" 2>"$OUT/$row.$mode.err" || rc=$?
    read -r wall rss < <(tail -n 1 "$OUT/time.txt")
    case $mode in
      check) found=$(grep -c '\[KV[0-9]*\]$' "$OUT/$row.$mode.out" || true) ;;
      json) found=$(grep -c '"ruleId" : "KV' "$OUT/$row.$mode.out" || true) ;;
      fix) found=$(sed -n 's/^kvlint fix: \([0-9]*\) fix.*/\1 fixed/p' "$OUT/$row.$mode.err") ;;
    esac
    if [[ $rc -eq 137 || $rc -eq 124 ]]; then
      status="killed after ${TIMEOUT} s"
    elif [[ $rc -le 1 ]]; then
      status=ok
    else
      status="exit $rc: $(grep -m1 'kvlint: error' "$OUT/$row.$mode.err" || tail -n 1 "$OUT/$row.$mode.err")"
    fi
    printf '%-16s %10s %-5s %9s %9s %9s  %s\n' "$row" "$bytes" "$mode" "$wall" "$((rss / 1024))" "$found" "$status"
  done
done <"$OUT/rows.txt"
