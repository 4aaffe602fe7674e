#!/usr/bin/env bash
# Side-by-side: the kernel's own kvmalloc.cocci + kfree_mismatch.cocci (report mode, flags as
# `make coccicheck` uses them; bench/cocci-run.sh) against kvlint on the same 6.1 tree.
# (KVLINT_CMD overrides the kvlint command, e.g. a prebuilt jar.)
# Prints a table: found by both, only by Coccinelle (each explained in cocci-explanations.tsv),
# only by kvlint. Writes bench/out/cocci-compare.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tree=$(kernel_tree)
"$BENCH_DIR/cocci-run.sh"
cd "$KVLINT_HOME"
start=$(date +%s.%N)
${KVLINT_CMD:-./kvlint} check --quiet --format json --output "$BENCH_OUT/kvlint-tree.json" "$tree" || [[ $? -eq 1 ]]
end=$(date +%s.%N)
command -v python3 >/dev/null || { apt-get update -qq </dev/null; apt-get install -y -qq python3 </dev/null; }
python3 - "$tree" "$BENCH_OUT" "$BENCH_DIR/cocci-explanations.tsv" "$(echo "$end - $start" | bc)" <<'PY'
import json, re, sys, os
tree, out, explain_path, kvlint_secs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def rel(p):
    p = os.path.normpath(p)
    t = os.path.normpath(tree)
    return os.path.relpath(p, t) if p.startswith(t) else p.lstrip("./")
cocci = []
for script in ("kvmalloc", "kfree_mismatch"):
    for line in open(os.path.join(out, f"cocci-{script}.txt"), errors="replace"):
        m = re.match(r"^(\S+?):(\d+):\d+-\d+: (.*)$", line.strip())
        if m:
            cocci.append((script, rel(m.group(1)), int(m.group(2)), m.group(3)))
times = {s: open(os.path.join(out, f"cocci-{s}.txt.time")).read().strip().splitlines()[-1]
         for s in ("kvmalloc", "kfree_mismatch") if os.path.exists(os.path.join(out, f"cocci-{s}.txt.time"))}
report = json.load(open(os.path.join(out, "kvlint-tree.json")))
kv = []
for f in report["findings"]:
    lines = [f["region"]["startLine"]] + [r["region"]["startLine"] for r in f.get("related", [])]
    kv.append((f["ruleId"], rel(f["path"]), f["region"]["startLine"], min(lines), max(lines), f["message"]))
explain = {}
if os.path.exists(explain_path):
    for line in open(explain_path):
        if line.strip() and not line.startswith("#"):
            key, reason = line.rstrip("\n").split("\t", 1)
            explain[key] = reason
matched_kv = set()
rows_both, rows_cocci = [], []
for (script, path, line, msg) in cocci:
    hit = None
    for i, (rule, p, l, lo, hi, m) in enumerate(kv):
        if p == path and lo - 2 <= line <= hi + 2:
            hit = i
            break
    if hit is not None:
        matched_kv.add(hit)
        rows_both.append(f"| {path}:{line} | {script}: {msg} | {kv[hit][0]} at line {kv[hit][2]} |")
    else:
        key = f"{path}:{line}"
        rows_cocci.append(f"| {key} | {script}: {msg} | {explain.get(key, '**UNEXPLAINED**')} |")
rows_kv = [f"| {p}:{l} | {rule} | {m[:140]} |" for i, (rule, p, l, lo, hi, m) in enumerate(kv) if i not in matched_kv]
md = []
md.append(f"# Coccinelle vs kvlint on {os.path.basename(tree)}\n")
md.append(f"- Coccinelle: {len(cocci)} reports; time: " + "; ".join(f"{k}.cocci {v}" for k, v in times.items()))
md.append(f"- kvlint: {len(kv)} findings in {float(kvlint_secs):.1f} s (whole tree, all rules)\n")
md.append(f"## Found by both ({len(rows_both)})\n\n| where | Coccinelle | kvlint |\n|---|---|---|")
md += rows_both
md.append(f"\n## Only Coccinelle ({len(rows_cocci)})\n\n| where | report | why kvlint does not report it |\n|---|---|---|")
md += rows_cocci
md.append(f"\n## Only kvlint ({len(rows_kv)})\n\n| where | rule | message |\n|---|---|---|")
md += rows_kv
text = "\n".join(md) + "\n"
open(os.path.join(out, "cocci-compare.md"), "w").write(text)
print(text)
if any("**UNEXPLAINED**" in r for r in rows_cocci):
    sys.exit(3)
PY
