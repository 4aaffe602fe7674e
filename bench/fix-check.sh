#!/usr/bin/env bash
# Whole-tree check of `kvlint fix --format-patch` on Debian's linux-source-6.1 or linux-source-6.12:
#   1. generate the series (one per MAINTAINERS entry, one patch per file, a cover letter when a
#      series has several) on the tree as it is, with recipients from its scripts/get_maintainer.pl;
#   2. `git apply --check` every patch against the tree, then `git am` every series in turn in a
#      scratch repository holding the touched files (target: 100 %);
#   3. re-parse every touched file before and after (ERROR/MISSING nodes in a full tree-sitter
#      parse, bench/ParseCount.java) — a file re-parses cleanly when it has no more;
#   4. scripts/checkpatch.pl --strict on each patch as sent, and on its code compared with the same
#      hunks of the unpatched code (the reversed diff): new errors, warnings and checks (target: 0);
#   5. recipients: To: and Cc: of every patch and cover letter (get_maintainer.pl, run by kvlint);
#   6. the git-dependent parts (subject prefixes from `git log`, Fixes: from `git blame`): Debian's
#      tree has no history, so the bench copies the touched directories (plus MAINTAINERS and
#      scripts/) into a git repository with ONE commit, generates the series there, checks that
#      every bug fix (KV004/KV005/KV008) carries a Fixes: tag that checkpatch in git mode accepts
#      (the tags name that one commit), and `git am`s the series on that copy.
# Prints the numbers; details stay in bench/out/fix-check-VERSION/.
#
# Usage: bench/fix-check.sh [6.1|6.12] [--unsafe-fixes] [--only RULE,...]   (other args go to kvlint fix)
# The tree: $KVLINT_KERNEL_TREE, else /work/linux-VERSION if it exists, else Debian's
# linux-source-VERSION extracted under bench/out/ (installed with apt-get when missing).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"

VERSION=6.1
if [[ $# -gt 0 && "$1" =~ ^[0-9]+\.[0-9]+$ ]]; then
  VERSION=$1
  shift
fi
if [[ -z "${KVLINT_KERNEL_TREE:-}" && -f /work/linux-$VERSION/Makefile ]]; then
  TREE=/work/linux-$VERSION
else
  TREE=$(kernel_tree "$VERSION")
fi
TREE=$(readlink -f "$TREE")
FULL_VERSION=$(tree_version "$TREE")
OUT="$BENCH_OUT/fix-check-$VERSION"
for a in "$@"; do
  [[ "$a" == --unsafe-fixes ]] && OUT="$BENCH_OUT/fix-check-$VERSION-unsafe"
done
rm -rf "$OUT"
mkdir -p "$OUT/before" "$OUT/checkpatch"
# git must treat the tree as plain files even when it sits inside another repository (bench/out/)
export GIT_CEILING_DIRECTORIES
GIT_CEILING_DIRECTORIES=$(dirname "$TREE"):$BENCH_OUT
SIGNOFF="kvlint bench <bench@kvlint.invalid>"
GIT_ID=(-c user.name=bench -c user.email=bench@kvlint.invalid)

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

# The series of a --format-patch directory: sets PATCHES (every patch, series by series, in
# order) and COVERS (the cover letters).
read_series() {
  PATCHES=()
  COVERS=()
  local s p
  while IFS= read -r s; do
    while IFS= read -r p; do
      if [[ "$(basename "$p")" == 0000-cover-letter.patch ]]; then
        COVERS+=("$p")
      else
        PATCHES+=("$p")
      fi
    done < <(find "$s" -maxdepth 1 -name '*.patch' | sort)
  done < <(find "$1" -mindepth 1 -maxdepth 1 -type d | sort)
}

# git am every series of $2 into repository $1, one patch at a time; prints "applied<TAB>patch<TAB>commit" lines.
am_series() {
  local repo=$1 dir=$2 s p
  while IFS= read -r s; do
    while IFS= read -r p; do
      if git -C "$repo" "${GIT_ID[@]}" am -q "$p" >>"$OUT/am.log" 2>&1; then
        printf 'ok\t%s\t%s\n' "$p" "$(git -C "$repo" rev-parse HEAD)"
      else
        git -C "$repo" am --abort >/dev/null 2>&1 || true
        printf 'failed\t%s\t-\n' "$p"
        echo "FAILED: $p" >>"$OUT/am.log"
      fi
    done < <(find "$s" -maxdepth 1 -name '*.patch' ! -name 0000-cover-letter.patch | sort)
  done < <(find "$dir" -mindepth 1 -maxdepth 1 -type d | sort)
}

headers() { sed -n '1,/^$/p' "$1"; }

echo "fix-check: tree $TREE ($FULL_VERSION)" >&2
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
mkdir -p "$OUT/patches"
read_series "$OUT/patches"
npatch=${#PATCHES[@]}
ncover=${#COVERS[@]}
nseries=$(find "$OUT/patches" -mindepth 1 -maxdepth 1 -type d | wc -l)

# 2a. git apply --check, one patch at a time, from the tree root (each patch changes one file)
applied=0
: >"$OUT/apply.log"
for p in "${PATCHES[@]}"; do
  if (cd "$TREE" && git apply --check "$p") >>"$OUT/apply.log" 2>&1; then
    applied=$((applied + 1))
  else
    echo "FAILED: $p" >>"$OUT/apply.log"
  fi
done

# 2b. git am of every series in a scratch repository with the touched files
FILES=()
if [[ $npatch -gt 0 ]]; then
  mapfile -t FILES < <(grep -h '^+++ b/' "${PATCHES[@]}" | sed 's|^+++ b/||' | sort -u)
fi
AM="$OUT/am"
mkdir -p "$AM"
for f in "${FILES[@]}"; do
  mkdir -p "$AM/$(dirname "$f")" "$OUT/before/$(dirname "$f")"
  cp -p "$TREE/$f" "$AM/$f"
  cp -p "$TREE/$f" "$OUT/before/$f"
done
: >"$OUT/am.log"
am_ok=0
: >"$OUT/am.commits"
if [[ $npatch -gt 0 ]]; then
  git -C "$AM" init -q
  git -C "$AM" add -A
  git -C "$AM" "${GIT_ID[@]}" commit -q -m base
  am_series "$AM" "$OUT/patches" >"$OUT/am.commits"
  am_ok=$(grep -c '^ok' "$OUT/am.commits" || true)
fi

# 3. re-parse: ERROR/MISSING nodes in a full parse of each touched file, before and after
parse_counts() { # dir -> "count<TAB>path" per touched file, one JVM for all
  (cd "$1" && "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss64m -cp "$SNAP/kvlint.jar:$SNAP/lib/*" \
    "$KVLINT_HOME/bench/ParseCount.java" "${FILES[@]}")
}
clean=0
worse=0
: >"$OUT/reparse.log"
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

# 4. checkpatch --strict: the patch as sent, and its code against the unpatched code (the reversed diff)
CP=(perl "$TREE/scripts/checkpatch.pl" --strict --no-tree --terse --show-types --no-summary --no-color)
while IFS=$'\t' read -r status p commit; do
  name=$(basename "$(dirname "$p")")--$(basename "$p" .patch)
  (cd "$TREE" && "${CP[@]}" "$p") >"$OUT/checkpatch/$name.full" 2>&1 || true
  if [[ "$status" == ok ]]; then
    git -C "$AM" diff "$commit~1" "$commit" >"$OUT/checkpatch/$name.fwd.diff"
    git -C "$AM" diff "$commit" "$commit~1" >"$OUT/checkpatch/$name.rev.diff"
    (cd "$TREE" && "${CP[@]}" --no-signoff "$OUT/checkpatch/$name.fwd.diff") >"$OUT/checkpatch/$name.fwd" 2>&1 || true
    (cd "$TREE" && "${CP[@]}" --no-signoff "$OUT/checkpatch/$name.rev.diff") >"$OUT/checkpatch/$name.rev" 2>&1 || true
  fi
done <"$OUT/am.commits"
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
    if not f:
        full_clean += 1
    fwd, rev = count(os.path.join(d, name + '.fwd')), count(os.path.join(d, name + '.rev'))
    for k in fwd:
        if fwd[k] > rev[k]:
            new[k] += fwd[k] - rev[k]
def total(c, level):
    return sum(v for k, v in c.items() if k[0] == level)
def levels(c):
    return f"{total(c, 'ERROR')} errors, {total(c, 'WARNING')} warnings, {total(c, 'CHECK')} checks"
print(f"checkpatch --strict: {full_clean}/{n} patches without errors, warnings or checks; as sent: {levels(full)}")
print(f"checkpatch --strict, new vs unpatched code: {levels(new)}"
      + (": " + ", ".join(f"{k[0]}:{k[1]} {v}" for k, v in sorted(new.items())) if new else ""))
if full:
    print("checkpatch --strict as sent, by type: " + ", ".join(f"{k[0]}:{k[1]} {v}" for k, v in sorted(full.items())))
PY

# 5. recipients, as get_maintainer.pl gave them to kvlint
with_to=0
with_cc=0
for p in "${PATCHES[@]}"; do
  headers "$p" | grep -q '^To: ' && with_to=$((with_to + 1))
  headers "$p" | grep -q '^Cc: ' && with_cc=$((with_cc + 1))
done
covers_to=0
for p in "${COVERS[@]}"; do
  headers "$p" | grep -q '^To: ' && covers_to=$((covers_to + 1))
done
old_dates=0
for p in "${PATCHES[@]}" "${COVERS[@]}"; do
  headers "$p" | grep -q '^Date: .* 1970 ' && old_dates=$((old_dates + 1))
done

# 6. the git-dependent parts, on a one-commit git copy of the touched directories
GT="$OUT/git-tree"
mkdir -p "$GT"/{Documentation,arch,include,drivers,fs,init,ipc,kernel,lib,scripts}
for f in COPYING CREDITS Kbuild Kconfig MAINTAINERS Makefile README; do
  [[ -e "$TREE/$f" ]] && cp -pr "$TREE/$f" "$GT/"
done
for f in get_maintainer.pl checkpatch.pl spelling.txt const_structs.checkpatch; do
  [[ -e "$TREE/scripts/$f" ]] && cp -p "$TREE/scripts/$f" "$GT/scripts/"
done
DIRS=()
if [[ ${#FILES[@]} -gt 0 ]]; then
  mapfile -t DIRS < <(printf '%s\n' "${FILES[@]}" | xargs -n1 dirname | sort -u)
fi
for d in "${DIRS[@]}"; do
  mkdir -p "$GT/$d"
  find "$TREE/$d" -maxdepth 1 -type f -exec cp -p {} "$GT/$d/" \;
done
git_patches=0
git_covers=0
bugs=0
bugs_tagged=0
git_am_ok=0
fixes_cp="n/a"
git_note="not run (no patches)"
if [[ ${#DIRS[@]} -gt 0 ]]; then
  git -C "$GT" init -q
  git -C "$GT" add -A
  git -C "$GT" "${GIT_ID[@]}" commit -q -m "Import linux-source-$FULL_VERSION for the kvlint bench"
  GT_ARGS=()
  for d in "${DIRS[@]}"; do GT_ARGS+=("$GT/$d"); done
  rc=0
  kvlint fix --format-patch "$OUT/git-patches" --signoff "$SIGNOFF" "$@" "${GT_ARGS[@]}" \
    >"$OUT/git-fix.stdout" 2>"$OUT/git-fix.stderr" || rc=$?
  mkdir -p "$OUT/git-patches"
  read_series "$OUT/git-patches"
  git_patches=${#PATCHES[@]}
  git_covers=${#COVERS[@]}
  : >"$OUT/git-fixes.log"
  for p in "${PATCHES[@]}"; do
    if grep -q '^Found with kvlint (.*KV00[458]' "$p"; then
      bugs=$((bugs + 1))
      if grep -qE '^Fixes: [0-9a-f]{12,} \(".*"\)$' "$p"; then
        bugs_tagged=$((bugs_tagged + 1))
      fi
      # checkpatch in git mode verifies that the Fixes: commit exists and its subject matches
      (cd "$GT" && perl scripts/checkpatch.pl --strict --terse --show-types --no-summary --no-color "$p") \
        >>"$OUT/git-fixes.log" 2>&1 || true
    fi
  done
  fixes_cp=$(grep -cE 'GIT_COMMIT_ID|BAD_FIXES_TAG|UNKNOWN_COMMIT_ID' "$OUT/git-fixes.log" || true)
  git_am_ok=$(am_series "$GT" "$OUT/git-patches" | grep -c '^ok' || true)
  git_note=$(grep -o '([^()]*git history[^()]*)\|(one per [^()]*)' "$OUT/git-fix.stderr" | head -1 || true)
fi

summary=$(grep '^kvlint fix: [0-9]* fix' "$OUT/fix.stderr" || true)
series_line=$(grep '^kvlint fix: [0-9]* series' "$OUT/fix.stderr" || true)
pct() { if [[ $2 -eq 0 ]]; then echo "n/a"; else python3 -c "print(f'{100*$1/$2:.1f} %')"; fi; }
echo "== kvlint fix --format-patch ${*:+$* }on linux-source-$VERSION ($FULL_VERSION) =="
echo "$summary"
echo "$series_line"
printf 'time: %.1f s (measured while the machine was shared); series: %d; patches: %d (+%d cover letters); files changed: %d\n' \
  "$(echo "$end - $start" | bc)" "$nseries" "$npatch" "$ncover" "${#FILES[@]}"
echo "git apply --check: $applied/$npatch ($(pct "$applied" "$npatch"))"
echo "git am (every series in turn, scratch repo of the touched files): $am_ok/$npatch ($(pct "$am_ok" "$npatch"))"
echo "re-parse: $clean/${#FILES[@]} files with no new ERROR/MISSING nodes ($(pct "$clean" "${#FILES[@]}")); worse: $worse"
cat "$OUT/checkpatch.summary"
echo "recipients (get_maintainer.pl): To: $with_to/$npatch patches, Cc: $with_cc/$npatch; cover letters with To: $covers_to/$ncover"
echo "dates: $old_dates of $((npatch + ncover)) mails dated 1970"
echo "git-dependent parts, on a git copy of the ${#DIRS[@]} touched directories (+ MAINTAINERS, scripts/) with ONE commit:"
echo "  series there: $git_patches patches (+$git_covers cover letters) $git_note"
echo "  Fixes: on bug fixes (KV004/KV005/KV008): $bugs_tagged/$bugs (they name the copy's one commit); checkpatch --strict in git mode on them: $fixes_cp Fixes:/commit-id complaints"
echo "  git am on the copy they were made from: $git_am_ok/$git_patches ($(pct "$git_am_ok" "$git_patches"))"
echo "  subject prefixes: the copy's one commit has no 'prefix: ' subject, so kvlint falls back to its table (as without git)"
echo "details: $OUT (fix.stderr, apply.log, am.log, reparse.log, checkpatch/, patches/, git-patches/, git-fixes.log)"
