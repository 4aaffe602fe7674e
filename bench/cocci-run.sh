#!/usr/bin/env bash
# Runs the kernel's own kvmalloc.cocci and kfree_mismatch.cocci in report mode over the 6.1
# tree, exactly as `make coccicheck MODE=report` would (see shared docs: coccinelle-baseline),
# and caches the reports in bench/out/cocci-<script>.txt with their wall time and peak RSS.
# Usage: bench/cocci-run.sh [--force]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tree=$(kernel_tree)
command -v spatch >/dev/null || {
  apt-get update -qq </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coccinelle </dev/null
}
mkdir -p "$BENCH_OUT"
jobs=$(nproc)
for script in kvmalloc kfree_mismatch; do
  out="$BENCH_OUT/cocci-$script.txt"
  if [[ -s "$out" && "${1:-}" != "--force" ]]; then
    echo "bench: cached $out" >&2
    continue
  fi
  echo "bench: spatch $script.cocci over $tree (takes minutes)" >&2
  # --use-coccigrep: spatch's default token prefilter shells out to grep and, with Debian 12's
  # grep, selects no file at all for kfree_mismatch.cocci ("0 files match"); its own grep works.
  (
    cd "$tree"
    ulimit -s unlimited  # the default 8 MiB stack overflows on the generated amdgpu headers
    /usr/bin/time -f "%e s wall, %M KB max RSS per process" -o "$out.time" \
      spatch -D report --no-show-diff --very-quiet --cocci-file "scripts/coccinelle/api/$script.cocci" \
        --no-includes --include-headers --dir . \
        -I ./arch/x86/include -I ./arch/x86/include/generated -I ./include -I ./arch/x86/include/uapi \
        -I ./arch/x86/include/generated/uapi -I ./include/uapi -I ./include/generated/uapi \
        --include ./include/linux/compiler-version.h --include ./include/linux/kconfig.h \
        --use-coccigrep --jobs "$jobs" --chunksize 1 >"$out.tmp" 2>"$out.err" || true
  )
  mv "$out.tmp" "$out"
  echo "bench: $script: $(grep -c . "$out" || true) report lines, $(cat "$out.time" | tail -n 1)" >&2
done
