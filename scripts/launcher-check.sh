#!/usr/bin/env bash
# Checks the launcher's build and natives handling (issue 15, point 6) on a copy of the project:
#   1. a jar cut short (a build killed while writing it) is detected and rebuilt, not run;
#   2. a build killed half-way leaves a launcher that still works (it rebuilds);
#   3. natives are extracted once into the cache directory, and a run leaves nothing in the
#      temp directory.
# Builds twice or three times (about a minute with Maven's cache warm). .ci/run calls it.
set -euo pipefail
HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kvlint-launcher-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "launcher-check: FAIL: $*" >&2; exit 1; }
say() { echo "launcher-check: $*"; }

COPY="$WORK/kvlint"
mkdir -p "$COPY" "$WORK/home" "$WORK/tmp"
(cd "$HERE" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$COPY"
if [[ -d "$HERE/target/native" ]]; then # the compiled tree-sitter, so the copy need not fetch and compile it
  mkdir -p "$COPY/target" && cp -a "$HERE/target/native" "$COPY/target/"
fi
# Maven's own repository stays the user's (no downloads); the natives cache goes to a fresh HOME
M2_REPO=${M2_REPO:-$HOME/.m2/repository}
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$M2_REPO"
export HOME="$WORK/home" XDG_CACHE_HOME="" KVLINT_JAVA_OPTS="-XX:+UseSerialGC -Djava.io.tmpdir=$WORK/tmp"

run_check() { # prints the exit status of ./kvlint check -q examples; output in $WORK/out, $WORK/err
  set +e
  (cd "$COPY" && ./kvlint check -q examples >"$WORK/out" 2>"$WORK/err")
  echo $?
  set -e
}

say "first build"
[[ $(run_check) == 1 ]] || fail "first run: want exit 1 (findings); stderr: $(cat "$WORK/err")"
grep -q 'KV001' "$WORK/out" || fail "first run printed no findings"
[[ -f "$COPY/target/kvlint.jar.ok" ]] || fail "no stamp after a build"

say "1. a jar cut short is rebuilt"
head -c 100000 "$COPY/target/kvlint.jar" >"$WORK/cut.jar"
cat "$WORK/cut.jar" >"$COPY/target/kvlint.jar" # in place, as a killed writer leaves it
[[ $(run_check) == 1 ]] || fail "after a cut jar: want exit 1; stderr: $(cat "$WORK/err")"
grep -q 'building' "$WORK/err" || fail "the cut jar was not rebuilt"
grep -q 'Invalid or corrupt jarfile' "$WORK/err" && fail "the cut jar was run"

say "2. a build killed half-way"
touch "$COPY/src/main/java/org/kvlint/cli/Main.java"
(cd "$COPY" && setsid ./kvlint --version >/dev/null 2>&1) &
builder=$!
sleep "${KILL_AFTER:-8}"
kill -KILL -- "-$builder" 2>/dev/null || kill -KILL "$builder" 2>/dev/null || true
wait "$builder" 2>/dev/null || true
[[ $(run_check) == 1 ]] || fail "after a killed build: want exit 1; stderr: $(cat "$WORK/err")"
grep -q 'KV001' "$WORK/out" || fail "after a killed build: no findings"

say "3. natives cached once, nothing left in the temp directory"
natives=("$HOME"/.cache/kvlint/natives/*/libtree-sitter.so)
[[ -f "${natives[0]}" ]] || fail "no natives in $HOME/.cache/kvlint/natives"
ino=$(stat -c %i "${natives[0]}")
[[ $(run_check) == 1 ]] || fail "third run"
[[ $(stat -c %i "${natives[0]}") == "$ino" ]] || fail "natives extracted again"
[[ -z "$(ls -A "$WORK/tmp")" ]] || fail "left in the temp directory: $(ls -A "$WORK/tmp")"
say "ok"
