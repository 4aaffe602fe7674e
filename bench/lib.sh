# shellcheck shell=bash
# Shared by the bench scripts: locate (installing and extracting if needed) one of Debian's kernel
# source trees.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVLINT_HOME=$(cd "$BENCH_DIR/.." && pwd)
BENCH_OUT="$BENCH_DIR/out"

# Prints the path of an extracted linux-source-VERSION tree (default 6.1), installing Debian's
# linux-source-VERSION package and extracting it under bench/out/ when missing.
# $KVLINT_KERNEL_TREE overrides (a tree already on disk).
kernel_tree() {
  local version=${1:-6.1}
  if [[ -n "${KVLINT_KERNEL_TREE:-}" ]]; then
    echo "$KVLINT_KERNEL_TREE"
    return
  fi
  local tarball=/usr/src/linux-source-$version.tar.xz tree="$BENCH_OUT/linux-source-$version"
  if [[ ! -f "$tree/Makefile" ]]; then
    if [[ ! -f "$tarball" ]]; then
      echo "bench: installing Debian's linux-source-$version" >&2
      apt-get update -qq </dev/null >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "linux-source-$version" </dev/null >&2
    fi
    echo "bench: extracting $tarball to $BENCH_OUT" >&2
    mkdir -p "$BENCH_OUT"
    tar -xJf "$tarball" -C "$BENCH_OUT"
  fi
  echo "$tree"
}
