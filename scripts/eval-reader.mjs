// Evaluate the reader on generated pages against their truth, per scanner situation (profile)
// and per candidate style.
//
//   node scripts/eval-reader.mjs [--pages N] [--profiles a,b] [--styles firm,hb] [--mix eval|default|hard|tick]
//                                [--seed S] [--hb N] [--gray-jpeg] [--json out.json] [--verbose]
//
// --gray-jpeg writes every JPEG page but phone photos as a scanner set to "gray" writes it
// (1 channel, DPI in a JFIF header), the files bench:scan reads and the loader's gray-JPEG path
// takes; by default JPEG pages are 3-channel with Exif, as sharp writes them.
// Every profile × style cell gets N pages (default 1). Then --hb N evenly light HB sheets with
// every group marked (default 1 per profile in the list, at most 6) are read alone: the issue's
// "109 groups flagged on one sheet" case. Prints problem pages, two tables and totals as JSON.
// Old form still works: node scripts/eval-reader.mjs N MIX PROFILE...
import { writeFileSync } from 'node:fs';
import { generateSheetPage, encodePage, encodeGrayJpeg, checkRead, describeCheck, defaultSheetPrinter, EFFECT_PROFILES, CANDIDATE_STYLES } from '../dist/fixtures/index.js';
import { readPage } from '../dist/scan/read.js';
import { loadImageBuffer } from '../dist/scan/load.js';

const MIXES = {
  default: undefined,
  // more of what must be flagged, so that "every double, tick and cross" means something
  eval: { clear: 0.78, blank: 0.03, light: 0.03, double: 0.04, erasure: 0.04, erased: 0.02, tick: 0.025, cross: 0.025, dot: 0.02 },
  hard: { clear: 0.5, blank: 0.06, light: 0.1, double: 0.08, erasure: 0.1, erased: 0.04, tick: 0.05, cross: 0.05, dot: 0.04 },
  tick: { tick: 0.5, clear: 0.5 },
};

const argv = process.argv.slice(2);
const opt = { pages: 1, profiles: [...EFFECT_PROFILES], styles: [...CANDIDATE_STYLES], mix: 'eval', seed: Number(process.env.SEED ?? 1000), hb: undefined, grayJpeg: false, json: undefined, verbose: false };
if (argv[0] && /^\d+$/.test(argv[0])) {
  opt.pages = Number(argv[0]);
  opt.mix = argv[1] ?? 'default';
  opt.profiles = argv.slice(2);
} else {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = () => argv[++i];
    if (a === '--pages') opt.pages = Number(v());
    else if (a === '--profiles') opt.profiles = v().split(',');
    else if (a === '--styles') opt.styles = v().split(',');
    else if (a === '--mix') opt.mix = v();
    else if (a === '--seed') opt.seed = Number(v());
    else if (a === '--hb') opt.hb = Number(v());
    else if (a === '--json') opt.json = v();
    else if (a === '--verbose') opt.verbose = true;
    else if (a === '--gray-jpeg') opt.grayJpeg = true;
    else throw new Error(`unknown option ${a}`);
  }
}
if (!(opt.mix in MIXES)) throw new Error(`mix must be one of ${Object.keys(MIXES).join(', ')}`);

const printer = defaultSheetPrinter();
const MUST = ['double', 'tick', 'cross'];
const cell = () => ({ pages: 0, groups: 0, flagged: 0, clear: 0, clearFlagged: 0, silent: 0, missed: 0, statusBad: 0, idWrong: 0, must: Object.fromEntries(MUST.map((k) => [k, { n: 0, flagged: 0 }])), reasons: {}, resid: [] });
const byProfile = {}, byStyle = {}, tot = cell();
const add = (t, c, r) => {
  t.pages++;
  t.groups += c.counts.groups;
  t.flagged += c.counts.flagged;
  t.clear += c.counts.clear;
  t.clearFlagged += c.counts.clearFlagged;
  t.silent += c.silentErrors.length;
  t.missed += c.missedFlags.length;
  if (!c.status.ok) t.statusBad++;
  if (['serial', 'candidateNumber', 'examCode'].some((k) => c[k] === 'wrong')) t.idWrong++;
  for (const k of MUST) {
    const b = c.counts.byKind[k];
    if (b) {
      t.must[k].n += b.n;
      t.must[k].flagged += b.flagged;
    }
  }
  for (const m of c.clearFlagged) t.reasons[m.read.reason] = (t.reasons[m.read.reason] ?? 0) + 1;
  if (r.fitResidualMm !== undefined) t.resid.push(r.fitResidualMm);
};

async function readOne(o) {
  const page = await generateSheetPage({ printer, serial: String(100000 + o.seed).slice(-6), ...o });
  const fmt = page.formats[0];
  const gray = opt.grayJpeg && fmt === 'jpeg' && !page.truth.effects.phone;
  const bytes = gray ? await encodeGrayJpeg(page.raster, page.truth.effects.jpegQuality ?? 85, page.dpi) : await encodePage(page, fmt);
  const lp = await loadImageBuffer(new Uint8Array(bytes), 'x');
  const r = await readPage(lp.image, printer.layout, { source: o.profile, page: 1 });
  return { page, fmt, r: r.result, c: checkRead(page.truth, r.result) };
}

const t0 = performance.now();
let seed = opt.seed;
const problems = [];
for (const profile of opt.profiles)
  for (const style of opt.styles)
    for (let i = 0; i < opt.pages; i++) {
      seed++;
      const { page, fmt, r, c } = await readOne({ profile, style, seed, mix: MIXES[opt.mix] });
      const st = page.truth.style;
      add(tot, c, r);
      add((byProfile[profile] ??= cell()), c, r);
      add((byStyle[st] ??= cell()), c, r);
      const bad = c.silentErrors.length || c.missedFlags.length || !c.status.ok || MUST.some((k) => (c.counts.byKind[k]?.flagged ?? 0) < (c.counts.byKind[k]?.n ?? 0));
      if (bad || opt.verbose || c.counts.clearFlagged > 1) {
        const lines = describeCheck(`${profile}/${st} seed ${seed} ${fmt}`, c);
        for (const m of c.clearFlagged.slice(0, 4)) lines.push(`  clear flagged ${m.key} ${m.read.reason} fill ${JSON.stringify(m.read.fill)} (${m.truth.marks?.map((d) => `gray ${d.gray} cover ${d.cover} off ${d.offset}`).join(', ')})`);
        for (const k of MUST)
          for (const [key, g] of Object.entries(page.truth.groups ?? {}))
            if (g.kind === k && r.groups?.[key] && !r.groups[key].flagged) lines.push(`  ${k} NOT flagged ${key} read ${r.groups[key].value} fill ${JSON.stringify(r.groups[key].fill)}`);
        problems.push(...lines);
        console.log([`${profile}/${st} seed ${seed}: ${c.counts.clearFlagged}/${c.counts.clear} clear flagged, status ${r.status} ${r.reason ?? ''}`, ...lines.slice(0, 12)].join('\n'));
      }
    }

// evenly light HB sheets with every group marked clearly
const hb = [];
const hbProfiles = opt.profiles.slice(0, opt.hb ?? 6);
for (const profile of hbProfiles) {
  seed++;
  const { r, c } = await readOne({ profile, style: 'hb', seed, mix: { clear: 1 } });
  hb.push({ profile, seed, status: r.status, flagged: c.counts.flagged, silent: c.silentErrors.length, reasons: Object.values(r.groups ?? {}).filter((g) => g.flagged).map((g) => g.reason) });
}

const pct = (a, b) => (b ? ((100 * a) / b).toFixed(2) : '-');
const row = (name, t) => {
  const must = MUST.map((k) => `${t.must[k].flagged}/${t.must[k].n}`).join(' ');
  const res = t.resid.length ? Math.max(...t.resid).toFixed(2) : '-';
  return `| ${name.padEnd(12)} | ${String(t.pages).padStart(5)} | ${String(t.clear).padStart(6)} | ${String(t.clearFlagged).padStart(5)} | ${pct(t.clearFlagged, t.clear).padStart(6)} | ${String(t.silent).padStart(6)} | ${must.padEnd(17)} | ${String(t.statusBad).padStart(3)} | ${res.padStart(6)} | ${Object.entries(t.reasons).map(([k, v]) => `${k} ${v}`).join(', ')}`;
};
const head = (what) => `| ${what.padEnd(12)} | pages |  clear | flag. | flag % | silent | double tick cross | bad | res mm | reasons of flagged clear marks\n|${'-'.repeat(14)}|-------|--------|-------|--------|--------|-------------------|-----|--------|------`;
console.log(`\nmix ${opt.mix}, seeds ${opt.seed + 1}..${seed}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log(`\n${head('profile')}`);
for (const [k, t] of Object.entries(byProfile)) console.log(row(k, t));
console.log(row('ALL', tot));
console.log(`\n${head('style')}`);
for (const [k, t] of Object.entries(byStyle)) console.log(row(k, t));
console.log(`\nevenly light HB sheets, every group marked: ${hb.map((h) => `${h.profile} ${h.status} ${h.flagged} flagged${h.silent ? ` ${h.silent} SILENT` : ''}`).join('; ')}`);
const summary = {
  pages: tot.pages,
  groups: tot.groups,
  clear: tot.clear,
  clearFlagged: tot.clearFlagged,
  clearFlaggedPct: Number(pct(tot.clearFlagged, tot.clear)),
  worstProfilePct: Math.max(...Object.values(byProfile).map((t) => (t.clear ? (100 * t.clearFlagged) / t.clear : 0))),
  worstStylePct: Math.max(...Object.values(byStyle).map((t) => (t.clear ? (100 * t.clearFlagged) / t.clear : 0))),
  silent: tot.silent + hb.reduce((s, h) => s + h.silent, 0),
  missedFlags: tot.missed,
  mustFlag: tot.must,
  statusBad: tot.statusBad,
  idWrong: tot.idWrong,
  hbMaxFlagged: hb.length ? Math.max(...hb.map((h) => h.flagged)) : null,
};
console.log(JSON.stringify(summary));
if (opt.json) writeFileSync(opt.json, JSON.stringify({ options: opt, summary, byProfile, byStyle, hb, problems }, null, 1));
