#!/usr/bin/env bash
# Whole-tree check of `kvlint fix --format-patch` on Debian's linux-source-6.1:
#   1. generate the series (one patch per directory) with ./kvlint fix --format-patch;
#   2. `git apply --check` every patch against the tree (target: 100 %), then `git am` the whole
#      series in a scratch repository holding the touched files (mbox format, headers);
#   3. re-parse every touched file before and after (ERROR/MISSING nodes in a full tree-sitter
#      parse, bench/ParseCount.java) — a file re-parses cleanly when it has no more;
#   4. scripts/checkpatch.pl --no-tree on each patch, and on its code compared with the same
#      hunks of the unpatched code (the reversed diff): new errors/warnings (target: 0).
# Prints the numbers; details stay in bench/out/fix-check/.
#
# Usage: bench/fix-check.sh [--unsafe-fixes] [--only RULE,...]   (extra args go to kvlint fix)
# The tree: $KVLINT_KERNEL_TREE, else /work/linux-6.1 if it exists, else extracted under bench/out/.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

if [[ -z "${KVLINT_KERNEL_TREE:-}" && -f /work/linux-6.1/Makefile ]]; then
  TREE=/work/linux-6.1
else
  TREE=$(kernel_tree)
fi
TREE=$(readlink -f "$TREE")
OUT="$BENCH_OUT/fix-check"
for a in "$@"; do
  [[ "$a" == --unsafe-fixes ]] && OUT="$BENCH_OUT/fix-check-unsafe"
done
rm -rf "$OUT"
mkdir -p "$OUT/patches" "$OUT/before" "$OUT/reverse" "$OUT/checkpatch"
# git must treat the tree as plain files even when it sits inside another repository (bench/out/)
export GIT_CEILING_DIRECTORIES
GIT_CEILING_DIRECTORIES=$(dirname "$TREE")
SIGNOFF="kvlint bench <bench@kvlint.invalid>"

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
kvlint --version >/dev/null

echo "fix-check: tree $TREE" >&2
start=$(date +%s.%N)
rc=0
kvlint fix --format-patch "$OUT/patches" --signoff "$SIGNOFF" "$@" "$TREE" \
  >"$OUT/fix.stdout" 2>"$OUT/fix.stderr" || rc=$?
end=$(date +%s.%N)
if [[ $rc -gt 1 ]]; then
  tail -n 20 "$OUT/fix.stderr" >&2
  echo "fix-check: kvlint fix failed (exit $rc)" >&2
  exit 2
fi
mapfile -t PATCHES < <(find "$OUT/patches" -name '*.patch' | sort)
npatch=${#PATCHES[@]}

# 1. git apply --check, one patch at a time, from the tree root
applied=0
: >"$OUT/apply.log"
for p in "${PATCHES[@]}"; do
  if (cd "$TREE" && git apply --check "$p") >>"$OUT/apply.log" 2>&1; then
    applied=$((applied + 1))
  else
    echo "FAILED: $p" >>"$OUT/apply.log"
  fi
done

# 2. git am of the whole series in a scratch repository with the touched files
mapfile -t FILES < <(grep -h '^+++ b/' "${PATCHES[@]}" 2>/dev/null | sed 's|^+++ b/||' | sort -u)
AM="$OUT/am"
mkdir -p "$AM"
for f in "${FILES[@]}"; do
  mkdir -p "$AM/$(dirname "$f")" "$OUT/before/$(dirname "$f")"
  cp -p "$TREE/$f" "$AM/$f"
  cp -p "$TREE/$f" "$OUT/before/$f"
done
am_ok=0
if [[ $npatch -gt 0 ]]; then
  git -C "$AM" init -q
  git -C "$AM" add -A
  git -C "$AM" -c user.name=bench -c user.email=bench@kvlint.invalid commit -q -m base
  if git -C "$AM" -c user.name=bench -c user.email=bench@kvlint.invalid am -q "${PATCHES[@]}" >"$OUT/am.log" 2>&1; then
    am_ok=$npatch
  else
    am_ok=$(($(git -C "$AM" rev-list --count HEAD) - 1))
  fi
fi

# 3. re-parse: ERROR/MISSING nodes in a full parse of each touched file, before and after
parse_counts() { # dir -> "count<TAB>path" per touched file, one JVM for all
  (cd "$1" && "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss64m -cp "$SNAP/kvlint.jar:$SNAP/lib/*" \
    "$KVLINT_HOME/bench/ParseCount.java" "${FILES[@]}")
}
clean=0
worse=0
if [[ ${#FILES[@]} -gt 0 ]]; then
  parse_counts "$OUT/before" >"$OUT/parse.before"
  parse_counts "$AM" >"$OUT/parse.after"
  while IFS=$'\t' read -r b f && IFS=$'\t' read -r a _ <&3; do
    if [[ "$a" != "?" && "$b" != "?" && "$a" -le "$b" ]]; then
      clean=$((clean + 1))
    else
      worse=$((worse + 1))
    fi
    echo "$f before=$b after=$a" >>"$OUT/reparse.log"
  done <"$OUT/parse.before" 3<"$OUT/parse.after"
fi

# 4. checkpatch: the patch as sent, and its code against the unpatched code (the reversed diff)
CP=(perl "$TREE/scripts/checkpatch.pl" --no-tree --terse --show-types --no-summary --no-color)
: >"$OUT/checkpatch.log"
i=0
for p in "${PATCHES[@]}"; do
  i=$((i + 1))
  name=$(basename "$p" .patch)
  (cd "$TREE" && "${CP[@]}" "$p") >"$OUT/checkpatch/$name.full" 2>&1 || true
  if [[ $i -le $am_ok ]]; then
    rev=$((am_ok - i))
    git -C "$AM" diff "HEAD~$((rev + 1))" "HEAD~$rev" >"$OUT/checkpatch/$name.fwd.diff"
    git -C "$AM" diff "HEAD~$rev" "HEAD~$((rev + 1))" >"$OUT/checkpatch/$name.rev.diff"
    (cd "$TREE" && "${CP[@]}" --no-signoff "$OUT/checkpatch/$name.fwd.diff") >"$OUT/checkpatch/$name.fwd" 2>&1 || true
    (cd "$TREE" && "${CP[@]}" --no-signoff "$OUT/checkpatch/$name.rev.diff") >"$OUT/checkpatch/$name.rev" 2>&1 || true
  fi
done
python3 - "$OUT/checkpatch" "$npatch" >"$OUT/checkpatch.summary" <<'PY'
import collections, os, re, sys
d, n = sys.argv[1], int(sys.argv[2])
line = re.compile(r':\s*(ERROR|WARNING|CHECK):([A-Z_0-9]+):')
def count(path):
    c = collections.Counter()
    if os.path.exists(path):
        for l in open(path, errors='replace'):
            m = line.search(l)
            if m:
                c[(m.group(1), m.group(2))] += 1
    return c
full_clean = 0
full = collections.Counter()
new = collections.Counter()
for name in sorted(f[:-len('.full')] for f in os.listdir(d) if f.endswith('.full')):
    f = count(os.path.join(d, name + '.full'))
    full += f
    if not any(k[0] in ('ERROR', 'WARNING') for k in f):
        full_clean += 1
    fwd, rev = count(os.path.join(d, name + '.fwd')), count(os.path.join(d, name + '.rev'))
    for k in fwd:
        if fwd[k] > rev[k]:
            new[k] += fwd[k] - rev[k]
def total(c, level):
    return sum(v for k, v in c.items() if k[0] == level)
print(f"checkpatch: {full_clean}/{n} patches without errors or warnings; "
      f"as sent: {total(full, 'ERROR')} errors, {total(full, 'WARNING')} warnings")
print(f"checkpatch, new vs unpatched code: {total(new, 'ERROR')} errors, {total(new, 'WARNING')} warnings"
      + (": " + ", ".join(f"{k[0]}:{k[1]} {v}" for k, v in sorted(new.items()) if k[0] != 'CHECK') if new else ""))
if full:
    print("checkpatch as sent, by type: " + ", ".join(f"{k[0]}:{k[1]} {v}" for k, v in sorted(full.items())))
PY

summary=$(grep '^kvlint fix:' "$OUT/fix.stderr" || true)
pct() { if [[ $2 -eq 0 ]]; then echo "n/a"; else python3 -c "print(f'{100*$1/$2:.1f} %')"; fi; }
echo "== kvlint fix --format-patch ${*:+$* }on $(basename "$TREE") =="
echo "$summary"
printf 'time: %.1f s; patches: %d; files changed: %d\n' "$(echo "$end - $start" | bc)" "$npatch" "${#FILES[@]}"
echo "git apply --check: $applied/$npatch ($(pct "$applied" "$npatch"))"
echo "git am (whole series, scratch repo): $am_ok/$npatch"
echo "re-parse: $clean/${#FILES[@]} files with no new ERROR/MISSING nodes ($(pct "$clean" "${#FILES[@]}")); worse: $worse"
cat "$OUT/checkpatch.summary"
echo "details: $OUT (apply.log, am.log, reparse.log, checkpatch/)"
