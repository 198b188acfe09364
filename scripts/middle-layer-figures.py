#!/usr/bin/env python3
"""Figures of the middle layer (issue 11): import circles, server functions over 20 lines,
map_err(AppError::internal) calls, id fields typed String, hard-coded paths, largest files.
Run from the repository root: python3 scripts/middle-layer-figures.py"""
import os,re,sys,collections
import os,re,sys,collections
root=sys.argv[1] if len(sys.argv)>1 else '.'
src=os.path.join(root,'app/src')
def modpath(f):
    p=os.path.relpath(f,src)[:-3].split('/')
    if p[-1]=='mod': p=p[:-1]
    if p==['lib']: p=[]
    return p
files={}
for d,_,fs in os.walk(src):
    for f in fs:
        if f.endswith('.rs'): files[tuple(modpath(os.path.join(d,f)))]=os.path.join(d,f)
mods=set(files)
def resolve(path):
    # longest prefix that is a module
    for i in range(len(path),0,-1):
        if tuple(path[:i]) in mods: return tuple(path[:i])
    return None
g=collections.defaultdict(set)
for m,f in files.items():
    t=open(f).read()
    t=re.sub(r'//[^\n]*','',t)
    for mm in re.finditer(r'crate::([a-z_:{}, ]+)',t):
        s=mm.group(1)
        base=re.split(r'[{]',s)[0].strip(':').split('::')
        targets=[]
        if '{' in s:
            inner=s.split('{',1)[1]
            for part in inner.split(','):
                part=part.strip().strip('}').strip()
                if part: targets.append(base+part.split('::'))
        else: targets.append(base)
        for tp in targets:
            r=resolve([x for x in tp if x])
            if r and r!=m and not (m[:len(r)]==r): g[m].add(r)
# SCCs
idx={};low={};st=[];on=set();sccs=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in g[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop();on.discard(w);comp.append(w)
            if w==v:break
        sccs.append(comp)
for v in list(files):
    if v not in idx: sc(v)
pairs=[(a,b) for a in g for b in g[a] if a<b and a in g.get(b,())]
big=[s for s in sccs if len(s)>1]
print("mutual file imports (2-circles):",len(pairs))
for a,b in pairs: print("   ", '/'.join(a),'<->','/'.join(b))
print("strongly connected groups >1 file:",len(big), [sorted('/'.join(x) for x in s) for s in big])
# server functions longer than 20 lines
long=[]; total=0
for m,f in files.items():
    lines=open(f).read().split('\n')
    i=0
    while i<len(lines):
        if lines[i].lstrip().startswith('#[server'):
            j=i+1
            while not re.match(r'\s*pub async fn',lines[j]): j+=1
            name=re.search(r'fn (\w+)',lines[j]).group(1)
            k=j
            while lines[k].rstrip()!='}': k+=1
            n=k-j+1; total+=1
            if n>20: long.append((n,name))
            i=k
        i+=1
print(f"server functions: {total}, longer than 20 lines: {len(long)}", sorted(long,reverse=True)[:6])
def grep_count(pat, dirs):
    n=0
    for d in dirs:
        for dd,_,fs in os.walk(os.path.join(root,d)):
            for f in fs:
                if f.endswith('.rs'): n+=len(re.findall(pat,open(os.path.join(dd,f)).read()))
    return n
print("map_err(AppError::internal):",grep_count(r'map_err\(AppError::internal\)',['app/src','server/src']))
print("allow(clippy::too_many_arguments):",grep_count(r'allow\(clippy::too_many_arguments\)',['app/src','server/src']))
print("id fields/arguments typed String (app/src):",grep_count(r'\b(id|\w+_id|\w+_ids)\s*:\s*(Option<)?(Vec<)?String',['app/src']))
paths=grep_count(r'"/area-personale',['app/src','server/src'])
defined=len(re.findall(r'"/area-personale',open(os.path.join(src,'routes.rs')).read())) if os.path.exists(os.path.join(src,'routes.rs')) else 0
table=len(re.findall(r'path!\("/area-personale',open(os.path.join(src,'app.rs')).read()))
print("hard-coded \"/area-personale paths:",paths,"of which in routes.rs:",defined,"in the route table (path!):",table)
sizes=[]
for d in ['app/src','app/tests','server/src','server/tests']:
    for dd,_,fs in os.walk(os.path.join(root,d)):
        for f in fs:
            if f.endswith('.rs'):
                p=os.path.join(dd,f); sizes.append((len(open(p).read().split('\n'))-1,os.path.relpath(p,root)))
print("largest files:",sorted(sizes,reverse=True)[:5])
