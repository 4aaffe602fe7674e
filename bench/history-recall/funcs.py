"""Top-level function (and function-like macro) extents of a kernel C file, by kernel style:
a body opens with '{' at column 0 and closes with '}' at column 0."""
import re
IDENT = re.compile(r'([A-Za-z_]\w*)\s*\(')
DEFINE = re.compile(r'#\s*define\s+([A-Za-z_]\w*)\(')
def extents(text):
    lines = text.split('\n')
    out = []  # (name, start, end) 1-based inclusive; start = header line
    i = 0
    n = len(lines)
    while i < n:
        l = lines[i]
        m = DEFINE.match(l)
        if m:
            j = i
            while j < n and lines[j].rstrip().endswith('\\'):
                j += 1
            out.append((m.group(1), i + 1, j + 1, 'macro'))
            i = j + 1
            continue
        if l.startswith('{'):
            # header: walk back to a blank line / terminator
            k = i - 1
            hdr = []
            while k >= 0:
                s = lines[k]
                st = s.strip()
                if not st or st.endswith(';') or st.endswith('}') or st.endswith('*/') or st.startswith('#') or (s[:1] in (' ', '\t') and not hdr and False):
                    break
                hdr.insert(0, s)
                k -= 1
            start = k + 2
            h = ' '.join(hdr)
            name = None
            mm = re.search(r'SYSCALL_DEFINE\d\s*\(\s*(\w+)', h) or re.search(r'COMPAT_SYSCALL_DEFINE\d\s*\(\s*(\w+)', h)
            if mm:
                name = mm.group(1)
            else:
                mm = IDENT.search(h)
                if mm: name = mm.group(1)
            j = i + 1
            while j < n and not lines[j].startswith('}'):
                j += 1
            if name and '=' not in h.split('(')[0]:
                out.append((name, start, j + 1, 'func'))
            i = j + 1
            continue
        i += 1
    return out
