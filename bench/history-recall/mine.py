import os, re, sys, json, subprocess
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import funcs
NEW = '/work/trees/linux-source-6.1'
OLD = sys.argv[1]          # old tree dir
OUT = sys.argv[2]
KV_CALL = re.compile(r'\b(kvmalloc|kvzalloc|kvcalloc|kvmalloc_array|kvmalloc_node|kvzalloc_node|kvfree|kvfree_sensitive)\s*\(')
KM = 'kmalloc kzalloc kcalloc kmalloc_array kmalloc_node kzalloc_node kcalloc_node kmalloc_array_node kmemdup krealloc memdup_user'.split()
VM = 'vmalloc vzalloc vmalloc_node vzalloc_node __vmalloc __vmalloc_node vmalloc_array vcalloc vmalloc_user vmalloc_32 vmalloc_32_user'.split()
PG = 'alloc_pages_exact __get_free_pages get_zeroed_page alloc_pages'.split()
KF = 'kfree kzfree kfree_sensitive'.split()
VF = 'vfree'.split()
def calls(body, names):
    return sorted({m.group(1) for m in re.finditer(r'\b(' + '|'.join(map(re.escape, names)) + r')\s*\(', body)})
def freed_args(body, names):
    return {re.sub(r'\s+', '', m.group(2)) for m in re.finditer(r'\b(' + '|'.join(names) + r')\s*\(([^;]*?)\)\s*;', body)}
def strip_comments(t):
    return re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'), t, flags=re.S)
def read(p):
    try:
        return open(p, encoding='utf-8', errors='replace').read()
    except OSError:
        return None
def walk(root):
    for d, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(('.c', '.h')):
                yield os.path.join(d, f)
# 1. new side
newfns = []
for p in walk(NEW):
    t = read(p)
    if t is None or not KV_CALL.search(t): continue
    t = strip_comments(t)
    L = t.split('\n')
    for name, s, e, kind in funcs.extents(t):
        body = '\n'.join(L[s-1:e])
        if KV_CALL.search(body):
            newfns.append((os.path.relpath(p, NEW), name, s, e, kind, body))
# 2. old-side index by name
oldidx = {}
for p in walk(OLD):
    t = read(p)
    if t is None: continue
    if not re.search(r'\b(k\w*alloc\w*|vmalloc|vzalloc|__vmalloc|kfree|vfree|kvfree|kvmalloc|kvzalloc|kmemdup|memdup_user|__get_free_pages)\b', t): continue
    for name, s, e, kind in funcs.extents(strip_comments(t)):
        oldidx.setdefault(name, []).append((os.path.relpath(p, OLD), s, e, kind))
rows = []
for path, name, s, e, kind, body in newfns:
    cands = oldidx.get(name, [])
    same = [c for c in cands if c[0] == path]
    pick = same or (cands if len(cands) == 1 else [])
    row = dict(path=path, func=name, kind=kind, new_lines=[s, e])
    if not pick:
        row['old'] = None; row['why'] = 'absent' if not cands else 'ambiguous %d' % len(cands)
        rows.append(row); continue
    op, os_, oe, ok = pick[0]
    ot = strip_comments(read(os.path.join(OLD, op)))
    ob = '\n'.join(ot.split('\n')[os_-1:oe])
    row.update(old=op, old_lines=[os_, oe], moved=(op != path))
    km, vm, pg, kf, vf = calls(ob, KM), calls(ob, VM), calls(ob, PG), calls(ob, KF), calls(ob, VF)
    kvold = calls(ob, ['kvmalloc', 'kvzalloc', 'kvcalloc', 'kvmalloc_array', 'kvmalloc_node', 'kvzalloc_node', 'kvfree'])
    row.update(km=km, vm=vm, pg=pg, kf=kf, vf=vf, kvold=kvold)
    cls = []
    if (km or pg) and vm: cls.append('A-alloc-mix')
    if kf and vf: cls.append('B-free-mix')
    newkv = freed_args(body, ['kvfree', 'kvfree_sensitive'])
    oldk = freed_args(ob, KF); oldv = freed_args(ob, VF)
    conv = sorted((newkv & oldk) | (newkv & oldv))
    if conv:
        row['free_converted'] = conv
        # where is each freed place allocated in the old file?
        fam = {}
        for a in conv:
            last = re.split(r'->|\.', a)[-1]
            last = re.sub(r'[^\w]', '', last)
            if not last: continue
            for m in re.finditer(r'(?:->|\.|\b)' + re.escape(last) + r'\s*=\s*(?:\([^)]*\)\s*)?(\w+)\s*\(', ot):
                fam.setdefault(a, set()).add(m.group(1))
        row['old_alloc_of_freed'] = {k: sorted(v) for k, v in fam.items()}
        isk = lambda f: f in KM
        isv = lambda f: f in VM or f.startswith('kv') or f == 'vmemdup_user'
        for a in conv:
            fs = fam.get(a, set())
            if a in oldk and any(isv(f) for f in fs): cls.append('C-kfree-of-v:' + a)
            if a in oldv and any(isk(f) or f.startswith('kv') for f in fs): cls.append('C-vfree-of-k:' + a)
    row['cls'] = cls
    rows.append(row)
json.dump(rows, open(OUT, 'w'), indent=1)
from collections import Counter
print(len(newfns), 'new fns;', Counter(bool(r.get('old')) for r in rows), 'kept', sum(1 for r in rows if r.get('cls')))
