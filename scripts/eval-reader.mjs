// Evaluate the reader on generated pages against their truth: node scripts/eval-reader.mjs N MIX PROFILE...
// MIX is default, hard or tick; SEED=n sets the first seed. Prints problem pages, then totals as JSON.
import { generateSheetPage, encodePage, checkRead, describeCheck, defaultSheetPrinter } from '../dist/fixtures/index.js';
import { loadOpenCV } from '../dist/scan/opencv.js';
import { readPage } from '../dist/scan/read.js';
import { loadImageBuffer } from '../dist/scan/load.js';
await loadOpenCV();
const [n, mixName, ...profiles] = process.argv.slice(2);
const mixes = { default: undefined, hard: {clear:.5, blank:.08, light:.1, double:.08, erasure:.1, tick:.05, cross:.05, dot:.04}, tick: {tick:.5, clear:.5} };
const printer = defaultSheetPrinter();
const tot = { pages:0, groups:0, silent:0, clear:0, clearFlagged:0, missed:0, statusBad:0, idWrong:0, byKind:{} };
let seed = Number(process.env.SEED ?? 1000);
for (const profile of profiles) for (let i=0;i<Number(n);i++) {
  seed++;
  const page = await generateSheetPage({ printer, serial: String(100000+seed).slice(-6), profile, seed, mix: mixes[mixName] });
  const fmt = page.formats[0];
  const bytes = await encodePage(page, fmt);
  const lp = await loadImageBuffer(new Uint8Array(bytes), 'x');
  const r = await readPage(lp.image, printer.layout, { source: profile, page: 1 });
  const c = checkRead(page.truth, r.result);
  tot.pages++; tot.groups += c.counts.groups; tot.silent += c.silentErrors.length; tot.clear += c.counts.clear; tot.clearFlagged += c.counts.clearFlagged; tot.missed += c.missedFlags.length;
  if (!c.status.ok) tot.statusBad++;
  if ([c.serial,c.candidateNumber,c.examCode].includes('wrong')) tot.idWrong++;
  for (const [k,v] of Object.entries(c.counts.byKind)) { const t = tot.byKind[k] ??= {n:0,flagged:0,silent:0}; t.n+=v.n; t.flagged+=v.flagged; t.silent+=v.silent; }
  const lines = describeCheck(`${profile} seed ${seed} ${fmt}`, c);
  if (c.silentErrors.length || c.missedFlags.length || !c.status.ok || c.counts.clearFlagged > 2) console.log(lines.slice(0,6).join('\n'), r.result.thresholds, r.result.status, r.result.reason ?? '');
}
console.log(JSON.stringify(tot));
