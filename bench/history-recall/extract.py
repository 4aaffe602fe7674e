import subprocess, sys, os
gd, treeish, out = sys.argv[1:4]
ls = subprocess.run(['git','--git-dir',gd,'ls-tree','-r','-z',treeish],capture_output=True).stdout.split(b'\0')
ents=[]
for e in ls:
    if not e: continue
    meta, path = e.split(b'\t',1)
    mode, typ, sha = meta.split()
    if typ!=b'blob': continue
    p=path.decode()
    if p.endswith(('.c','.h')) or os.path.basename(p) in ('Makefile','Kconfig'):
        ents.append((sha.decode(),p))
proc = subprocess.Popen(['git','--git-dir',gd,'cat-file','--batch'],stdin=subprocess.PIPE,stdout=subprocess.PIPE)
missing=0
for sha,p in ents:
    proc.stdin.write((sha+'\n').encode()); proc.stdin.flush()
    hdr=proc.stdout.readline().split()
    if hdr[1]==b'missing': missing+=1; continue
    n=int(hdr[2]); data=proc.stdout.read(n); proc.stdout.read(1)
    fp=os.path.join(out,p); os.makedirs(os.path.dirname(fp),exist_ok=True)
    open(fp,'wb').write(data)
print(len(ents),'files',missing,'missing')
