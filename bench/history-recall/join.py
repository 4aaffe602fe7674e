"""Which kept functions (mine.py output) hold a kvlint finding: join.py MINE.json SCAN.json"""
import json, sys, collections
rows = json.load(open(sys.argv[1]))
by = collections.defaultdict(list)
for f in json.load(open(sys.argv[2]))['findings']:
    by[f['uri']].append(f)
for r in rows:
    if not r.get('cls'):
        continue
    s, e = r['old_lines']
    hits = [(f['ruleId'], f['region']['startLine'], f['level'], (f.get('fixes') or [{}])[0].get('applicability', 'none'))
            for f in by[r['old']] if s <= f['region']['startLine'] <= e]
    print('%s:%d %s %s %s' % (r['old'], s, r['func'], ','.join(c.split(':')[0] for c in r['cls']), hits or 'NO FINDING'))
