# shellcheck shell=bash
# Shared by the bench scripts: locate (installing and extracting if needed) Debian's kernel trees.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVLINT_HOME=$(cd "$BENCH_DIR/.." && pwd)
BENCH_OUT="$BENCH_DIR/out"

# Prints the path of an extracted linux-source-VERSION tree (VERSION: 6.1, the default, or 6.12),
# installing Debian's linux-source-VERSION package and extracting it under bench/out/ when needed.
# $KVLINT_KERNEL_TREE overrides.
kernel_tree() {
  local version=${1:-6.1}
  if [[ -n "${KVLINT_KERNEL_TREE:-}" ]]; then
    echo "$KVLINT_KERNEL_TREE"
    return
  fi
  if [[ ! "$version" =~ ^[0-9]+\.[0-9]+$ ]]; then
    echo "bench: not a kernel version: '$version' (want e.g. 6.1 or 6.12)" >&2
    return 2
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

# "6.1.192" from a tree's top-level Makefile.
tree_version() {
  awk -F' *= *' '$1=="VERSION"{v=$2} $1=="PATCHLEVEL"{p=$2} $1=="SUBLEVEL"{s=$2} END{print v "." p "." s}' "$1/Makefile"
}
