import fs from 'node:fs'; import {unified} from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm';
const dir='/work/shared/corpus/iam-user-guide/snapshots/2020-11-06'; const files=fs.readdirSync(dir).filter(f=>f.endsWith('.md')).sort();
const [k,n]=process.argv.slice(2).map(Number); const p=unified().use(remarkParse).use(remarkGfm);
const t=performance.now(); let c=0;
for(let i=k;i<files.length;i+=n){ const s=fs.readFileSync(dir+'/'+files[i],'utf8'); p.runSync(p.parse(s)); c++;}
console.log(k,n,c,Math.round(performance.now()-t),'ms');
