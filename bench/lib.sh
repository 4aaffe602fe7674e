# shellcheck shell=bash
# Shared by the bench scripts: locate (installing and extracting if needed) Debian's 6.1 tree.
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KVLINT_HOME=$(cd "$BENCH_DIR/.." && pwd)
BENCH_OUT="$BENCH_DIR/out"

# Prints the path of an extracted linux-source-6.1 tree. $KVLINT_KERNEL_TREE overrides.
kernel_tree() {
  if [[ -n "${KVLINT_KERNEL_TREE:-}" ]]; then
    echo "$KVLINT_KERNEL_TREE"
    return
  fi
  local tarball=/usr/src/linux-source-6.1.tar.xz tree="$BENCH_OUT/linux-source-6.1"
  if [[ ! -f "$tree/Makefile" ]]; then
    if [[ ! -f "$tarball" ]]; then
      echo "bench: installing Debian's linux-source-6.1" >&2
      apt-get update -qq </dev/null >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq linux-source-6.1 </dev/null >&2
    fi
    echo "bench: extracting $tarball to $BENCH_OUT" >&2
    mkdir -p "$BENCH_OUT"
    tar -xJf "$tarball" -C "$BENCH_OUT"
  fi
  echo "$tree"
}
