import * as prettier from 'prettier'; import fs from 'node:fs';
const o={parser:'typescript',printWidth:100,tabWidth:2,useTabs:false,semi:true,singleQuote:false,quoteProps:'as-needed',trailingComma:'all',bracketSpacing:true,endOfLine:'lf'};
let same=0, diff=0; const dir=process.argv[2];
for (const f of fs.readdirSync(dir).slice(0, Number(process.argv[3]||1e9))) { const s=fs.readFileSync(dir+'/'+f,'utf8'); const r=await prettier.format(s,o); if(r===s) same++; else { diff++; if(diff<3){ const a=s.split('\n'), b=r.split('\n'); const i=a.findIndex((l,k)=>l!==b[k]); console.log(f, i, JSON.stringify(a[i]), JSON.stringify(b[i])); } } }
console.log({same,diff});
