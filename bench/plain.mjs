// The floor for `make bench`: the same sessions as one plain static HTML page, with the data,
// the CSS and a vanilla-JS search inline (no framework, no wasm, no fetch). The list is
// prerendered, so the page paints everything at once; typing filters the prerendered cards
// with the same rule as the app (every term must occur, width- and case-folded).
//
// Usage: node bench/plain.mjs [dataset=data/yubei-2024.json] [outdir=bench/out/plain]
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const esc = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Full-width ASCII to ASCII, wide spaces to a space, then lower case (as crates/core/src/search/). */
const fold = (s) =>
  s
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00a0\u2000-\u200a\u202f\u205f]/g, ' ')
    .toLowerCase();

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
function day(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAYS[d.getUTCDay()]}`;
}
function when(s) {
  if (!s.start) return '时间待定';
  return s.start === s.end ? day(s.start) : `${day(s.start)}至${day(s.end)}`;
}

export function plainPage(ds) {
  const bases = new Map(ds.bases.map((b) => [b.id, b]));
  const sessions = ds.sessions
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.start ?? '9999').localeCompare(b.s.start ?? '9999') || a.i - b.i)
    .map(({ s }) => s);
  const haystacks = [];
  const cards = sessions.map((s) => {
    const b = bases.get(s.base) ?? { name: '', category: '', address: '' };
    haystacks.push(fold([s.title, s.place, s.note ?? '', s.source, b.name, b.category, b.address].join('\u001f')));
    const place = s.place && s.place !== b.name ? ` · ${esc(s.place)}` : '';
    const note = s.note ? `<p class="hint">${esc(s.note)}</p>` : '';
    return `<li class="card"><h2>${esc(s.title)}</h2><p class="meta">${esc(when(s))} · ${esc(b.name)}${place}</p>${note}</li>`;
  });
  const n = sessions.length;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>2024渝北区科技活动周 · 活动日程（静态对照页）</title>
<meta name="description" content="2024年渝北区科技活动周（5月25日至6月1日）科普基地活动日程：一个静态页面，内联数据与搜索。">
<meta name="theme-color" content="#0b5cad">
<link rel="icon" href="data:,">
<style>
:root{--ink:#1c2430;--muted:#4f5b6b;--line:#d9dee5;--bg:#f5f7fa;--brand:#0b5cad;--accent:#b3261e;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
*{box-sizing:border-box}body{margin:0;font-size:16px}h1,h2{line-height:1.3;margin:0}
header{background:var(--brand);color:#fff;padding:12px 16px}header h1{font-size:20px}header p{margin:2px 0 0;font-size:15px}
main{max-width:720px;margin:0 auto;padding:12px 12px 48px}
label{display:block;font-weight:600;margin-bottom:4px}
input{width:100%;min-height:48px;padding:10px 12px;border:2px solid #8a96a8;border-radius:10px;background:#fff;font:inherit;font-size:17px}
#count{color:var(--muted);margin:8px 0}
ul{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.card{background:#fff;border:1px solid var(--line);border-radius:12px;padding:12px}
.card h2{font-size:17px}.meta{margin:0;color:var(--muted);font-size:15px}.hint{margin:0;color:var(--accent);font-size:14px}
</style>
</head>
<body>
<header><h1>2024渝北区科技活动周</h1><p>2024年5月25日至6月1日 · ${esc(ds.week.theme)}</p></header>
<main>
<label for="q">搜索活动、基地、地点</label>
<input id="q" type="search" autocomplete="off" placeholder="例如：航空、气象、青铜器">
<p id="count" role="status">共 ${n} 场活动</p>
<ul id="list">
${cards.join('\n')}
</ul>
</main>
<script>
const H=${JSON.stringify(haystacks)};
const fold=s=>s.replace(/[\\uff01-\\uff5e]/g,c=>String.fromCharCode(c.charCodeAt(0)-0xfee0)).replace(/[\\u3000\\u00a0\\u2000-\\u200a\\u202f\\u205f]/g,' ').toLowerCase();
const items=document.getElementById('list').children,count=document.getElementById('count');
document.getElementById('q').addEventListener('input',e=>{
const t=[...new Set(fold(e.target.value).split(/[\\s\\x00-\\x1f]+/).filter(Boolean))];let k=0;
for(let i=0;i<H.length;i++){const on=t.every(w=>H[i].includes(w));items[i].hidden=!on;if(on)k++;}
count.textContent=k?'共 '+k+' 场活动':'没有找到符合条件的活动';});
</script>
</body>
</html>
`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const input = resolve(process.argv[2] ?? join(root, 'data/yubei-2024.json'));
  const out = resolve(process.argv[3] ?? join(root, 'bench/out/plain'));
  mkdirSync(out, { recursive: true });
  const html = plainPage(JSON.parse(readFileSync(input, 'utf8')));
  writeFileSync(join(out, 'index.html'), html);
  copyFileSync(join(root, 'public/robots.txt'), join(out, 'robots.txt'));
  console.log(`plain: ${join(out, 'index.html')} (${Buffer.byteLength(html)} bytes)`);
}
