#!/usr/bin/env bash
# Checks, on a real kernel tree, that scanning a subdirectory reports exactly what the whole-tree
# scan reports for that subdirectory (issue 11, point 2): one whole-tree scan to JSON, then one
# scan per subdirectory, and every finding, suppressed finding, unused suppression and diagnostic
# under that subdirectory is compared, field by field. Cold (--no-cache) by default, so each scan
# builds the tree-wide index from the files themselves; --cache compares warm subdirectory scans.
# Usage: bench/subdir-equivalence.sh [--version 6.1|6.12] [--cache] [SUBDIR...]
# Exit 0 when every subdirectory agrees, 1 when one does not (the differences are printed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
version=6.1
cache=(--no-cache)
subdirs=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --version) version=$2; shift 2 ;;
    --cache) cache=(); shift ;;
    *) subdirs+=("$1"); shift ;;
  esac
done
# subsystems with findings on both trees, a large driver tree, and core code the drivers call into
[[ ${#subdirs[@]} -gt 0 ]] || subdirs=(fs/gfs2 drivers/gpu drivers/scsi drivers/media net mm lib kernel arch/x86)
tree=$(kernel_tree "$version")
out="$BENCH_OUT/subdir-equivalence"
mkdir -p "$out"
cd "$KVLINT_HOME"
./kvlint --version >/dev/null

scan() { # output path
  local rc=0
  ./kvlint check "${cache[@]}" --quiet --format json --output "$1" "$2" 2>"$out/stderr.txt" || rc=$?
  [[ $rc -le 1 ]] || { cat "$out/stderr.txt" >&2; exit "$rc"; }
}
scan "$out/whole.json" "$tree"
failed=0
for sub in "${subdirs[@]}"; do
  [[ -d "$tree/$sub" ]] || { echo "bench: no $sub in $tree" >&2; exit 2; }
  scan "$out/sub.json" "$tree/$sub"
  python3 - "$out/whole.json" "$out/sub.json" "$sub" <<'EOF' || failed=1
import json, sys
whole, sub, prefix = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3].rstrip("/") + "/"
differs = 0
counts = []
for key in ("findings", "suppressed", "unusedSuppressions", "diagnostics"):
    want = [x for x in whole[key] if x["uri"].startswith(prefix)]
    got = sub[key]
    counts.append(f"{len(got)} {key}")
    if want != got:
        differs += 1
        print(f"  {key}: whole-tree scan has {len(want)} under {prefix}, subdirectory scan {len(got)}")
        for x in [x for x in want if x not in got][:5]:
            print("    only in the whole-tree scan:", json.dumps(x)[:300])
        for x in [x for x in got if x not in want][:5]:
            print("    only in the subdirectory scan:", json.dumps(x)[:300])
print(f"{'same' if differs == 0 else 'DIFFERENT'}  {prefix:<20} " + ", ".join(counts))
sys.exit(1 if differs else 0)
EOF
done
echo "tree: $tree ($(tree_version "$tree")), ${cache[*]:-warm cache}"
exit "$failed"
