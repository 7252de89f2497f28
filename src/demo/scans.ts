/**
 * The demo's exam room and scanning desk: the personalised sheets that `omr generate -w` printed
 * are answered by candidates of varied ability, handed in with a cover letter and scanned the way
 * a district office scans them: a batch PDF from the document feeder, a bitonal multi-page G4
 * TIFF, and single JPEGs from the flatbed (clean, skewed, upside down, 300 DPI, "fit to page").
 *
 * Built from the fixture generator (src/fixtures): the real printed sheet rendered, filled by
 * hand (seeded), scanner effects, encoded as scanners write. Everything is a function of the seed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exam } from '../exam/exam.js';
import {
  applyEffects,
  coverLetterPage,
  drawEffects,
  encodeJpeg,
  encodePdf,
  encodeTiffG4,
  fillSheet,
  hashSeed,
  mulberry32,
  SheetPrinter,
  type EffectProfile,
  type FillMix,
  type GroupTruth,
  type MarkKind,
  type PageTruth,
  type PdfPageImage,
  type Raster,
  type Rng,
  type ScanEffects,
} from '../fixtures/index.js';
import type { Candidate } from '../roster/types.js';
import type { Layout } from '../template/layout.js';
import type { Template } from '../template/schema.js';

/** One printed sheet: its serial (số phiếu), who it was printed for, the mã đề handed out with it. */
export interface DemoSheet {
  serial: string;
  candidate: Candidate;
  examCode: string;
}

/** A mark placed on purpose so that the reader must (or may) ask a person. */
export interface PlantedMark {
  serial: string;
  sbd: string;
  hoTen: string;
  question: number;
  kind: 'double' | 'light' | 'blank';
  /** What the candidate meant: "" blank, "B", "AC" for the double mark. */
  value: string;
}

/** What one scanned page holds, for the narration and the read check. */
export interface DemoPage {
  /** File, relative to the scans folder. */
  file: string;
  page: number;
  truth: PageTruth;
  /** Sheet pages: the candidate and how the scanner saw the page. */
  sbd?: string;
  hoTen?: string;
  profile?: EffectProfile;
  /** The score the candidate's marks are worth against the key (planted marks not counted). */
  expectedTotal?: number;
}

export interface DemoScanFile {
  /** Relative to the scans folder. */
  file: string;
  /** batch: multi-page PDF from the document feeder (gray); feeder: 1-bit G4 multi-page TIFF; flatbed: one JPEG. */
  kind: 'batch' | 'feeder' | 'flatbed';
  pages: number;
  bytes: number;
  /** Flatbed scans: the scanner situation. */
  profile?: EffectProfile;
  dpi: number;
  /** Batch PDF: sheets put in askew, upside down. */
  askew?: number;
  upsideDown?: number;
}

export interface DemoScanOptions {
  outDir: string;
  template: Template;
  layout: Layout;
  exam: Exam;
  /** The printed sheets, in print order (from the manifest). */
  sheets: DemoSheet[];
  /** Answer keys: mã đề → question number → option. */
  keys: Record<string, Record<number, string>>;
  /** SBD of candidates who did not come (no sheet is scanned for them). */
  absent?: readonly string[];
  seed?: number;
  /** Scanner resolution of the ordinary pages (default 200). */
  dpi?: number;
}

export interface DemoScans {
  files: DemoScanFile[];
  pages: DemoPage[];
  planted: PlantedMark[];
  ms: number;
}

/** A candidate's chance of answering each question right: a two-parameter logistic model. */
interface Item {
  a: number;
  b: number;
  /** The wrong option most candidates who miss it choose. */
  lure: number;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

function items(code: string, questions: number, part1End: number, seed: number): Item[] {
  return Array.from({ length: questions }, (_, i) => {
    // Phần I is the same paper for every mã đề; Phần II differs by post
    const r = mulberry32(hashSeed(seed, i < part1End ? `item:${i}` : `item:${code}:${i}`));
    return { a: r.uniform(0.7, 1.8), b: r.gauss() * 0.9 - 0.2, lure: r.int(1, 3) };
  });
}

/** The ability that makes the expected share of right answers equal `target` (bisection). */
function abilityFor(target: number, its: Item[]): number {
  let lo = -6, hi = 6;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    const p = its.reduce((s, it) => s + sigmoid(it.a * (mid - it.b)), 0) / its.length;
    if (p < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Expected scores of the room, in roster order after a seeded shuffle: a few Tốt, most Khá or
 * Trung bình, some Không đạt, as in a real round.
 */
const TARGETS = [0.95, 0.93, 0.92, 0.9, 0.86, 0.83, 0.81, 0.79, 0.77, 0.75, 0.74, 0.72, 0.71, 0.68, 0.66, 0.64, 0.62, 0.6, 0.58, 0.56, 0.55, 0.53, 0.47, 0.44, 0.41, 0.38, 0.35, 0.3, 0.85, 0.63];

/** How the sheets travel: which file, which scanner situation. */
interface Placement {
  file: 'batch' | 'feeder' | 'flatbed';
  profile: EffectProfile;
}

function placements(n: number): Placement[] {
  // batch PDF (document feeder, gray): ~1/3 of the sheets, one of them fed upside down
  // G4 TIFF (feeder in black-and-white mode): 5 sheets
  // flatbed JPEGs: the rest, in every situation a desk meets
  const nBatch = Math.min(n, Math.max(1, Math.round(n / 3)));
  const nFeeder = Math.min(n - nBatch, 5);
  const flat: EffectProfile[] = ['clean', 'skewed', 'flatbed', 'dpi300', 'skewed', 'fit-to-page', 'clean', 'flatbed', 'skewed', 'dpi150', 'flatbed', 'clean', 'shifted', 'flatbed'];
  const out: Placement[] = [];
  for (let i = 0; i < nBatch; i++) out.push({ file: 'batch', profile: i === 3 ? 'upside-down' : i % 3 === 1 ? 'skewed' : 'flatbed' });
  for (let i = 0; i < nFeeder; i++) out.push({ file: 'feeder', profile: 'bitonal' });
  for (let i = 0; out.length < n; i++) out.push({ file: 'flatbed', profile: flat[i % flat.length] });
  return out;
}

/** The layout restricted to some groups (to fill them in another style). */
function only(layout: Layout, keep: (key: string) => boolean): Layout {
  return { ...layout, groups: layout.groups.filter((g) => keep(g.key)) };
}

/**
 * Print (render), fill and scan one sheet: clear marks everywhere, except the planted groups,
 * which are drawn in their own style; scanner effects drawn from the profile (or given).
 * Returns the page raster and its truth.
 */
export async function scanSheet(
  printer: SheetPrinter,
  s: DemoSheet,
  answers: Record<string, string>,
  special: Record<string, MarkKind>,
  profile: EffectProfile,
  dpi: number,
  rng: Rng,
  effects?: ScanEffects,
): Promise<{ raster: Raster; dpi: number; truth: PageTruth }> {
  const layout = printer.layout;
  const drawn = drawEffects(profile, rng.fork('effects'), dpi);
  if (effects) drawn.effects = effects;
  const blank = await printer.render(s.serial, drawn.dpi);
  const spec = { serial: s.serial, candidateNumber: s.candidate.sbd, examCode: s.examCode, answers, mix: { clear: 1 } as FillMix };
  const first = fillSheet(blank, only(layout, (k) => !(k in special)), spec, rng.fork('fill'));
  let image = first.image;
  const groups: Record<string, GroupTruth> = { ...first.truth.groups };
  for (const [key, kind] of Object.entries(special)) {
    const r = fillSheet(image, only(layout, (k) => k === key), { serial: s.serial, candidateNumber: '', examCode: '', answers, mix: { [kind]: 1 }, handwriting: false, strayDots: 0, instrument: first.truth.instrument }, rng.fork(`special:${key}`));
    image = r.image;
    groups[key] = r.truth.groups[key];
  }
  const raster = await applyEffects(image, drawn.dpi, drawn.effects, rng.fork('scan'));
  return {
    raster,
    dpi: drawn.dpi,
    truth: {
      status: 'ok',
      kind: 'sheet',
      profile,
      dpi: drawn.dpi,
      effects: drawn.effects,
      serial: s.serial,
      candidateNumber: s.candidate.sbd,
      examCode: s.examCode,
      instrument: first.truth.instrument,
      groups,
      seed: rng.seed,
    },
  };
}

/**
 * Fill and scan the printed sheets into `outDir`: `lo-1.pdf` (the unit's cover letter, then a
 * third of the sheets; one upside down), `lo-2-den-trang.tif` (5 sheets, 1-bit G4), and one JPEG
 * per remaining sheet under `mat-kinh/`. Three marks are planted: a double mark, a light mark and
 * a blank answer. Absent candidates' sheets are not scanned.
 */
export async function makeDemoScans(o: DemoScanOptions): Promise<DemoScans> {
  const t0 = performance.now();
  const seed = o.seed ?? 20250614;
  const dpi = o.dpi ?? 200;
  const { layout } = o;
  await mkdir(path.join(o.outDir, 'mat-kinh'), { recursive: true });
  const printer = new SheetPrinter({ template: o.template, layout, exam: o.exam });
  const absent = new Set(o.absent ?? []);
  const present = o.sheets.filter((s) => !absent.has(s.candidate.sbd));
  await printer.prepare(present.map((s) => ({ serial: s.serial, candidate: s.candidate })));

  const questions = layout.groups.filter((g) => g.kind === 'question');
  const options = o.template.answers.options;
  const part1End = o.template.answers.parts[0]?.to ?? 0;
  const itemsByCode = new Map<string, Item[]>();
  const itemsOf = (code: string) => {
    let it = itemsByCode.get(code);
    if (!it) itemsByCode.set(code, (it = items(code, questions.length, part1End, seed)));
    return it;
  };
  const order = mulberry32(hashSeed(seed, 'targets'));
  const targets = [...TARGETS];
  for (let i = targets.length - 1; i > 0; i--) {
    const j = order.int(0, i);
    [targets[i], targets[j]] = [targets[j], targets[i]];
  }
  const place = placements(present.length);
  // planted marks: on flatbed or batch pages (never the bitonal feeder: a 1-bit scan erases a light mark)
  const flatIdx = place.map((p, i) => (p.file === 'flatbed' && p.profile !== 'dpi150' ? i : -1)).filter((i) => i >= 0);
  const batchIdx = place.map((p, i) => (p.file === 'batch' && p.profile === 'flatbed' ? i : -1)).filter((i) => i >= 0);
  const plan: { at: number; kind: PlantedMark['kind']; question: number }[] = [];
  const q = (n: number) => Math.min(n, questions.length);
  if (flatIdx.length) plan.push({ at: flatIdx[0], kind: 'double', question: q(37) });
  if (batchIdx.length) plan.push({ at: batchIdx[Math.min(1, batchIdx.length - 1)], kind: 'light', question: q(58) });
  if (flatIdx.length > 2) plan.push({ at: flatIdx[2], kind: 'blank', question: q(92) });

  const pages: DemoPage[] = [];
  const planted: PlantedMark[] = [];
  const batch: PdfPageImage[] = [];
  const batchPages: DemoPage[] = [];
  const feeder: Raster[] = [];
  const feederPages: DemoPage[] = [];
  let feederDpi = dpi;
  const files: DemoScanFile[] = [];
  const write = async (f: Omit<DemoScanFile, 'bytes'>, bytes: Uint8Array) => {
    await writeFile(path.join(o.outDir, f.file), bytes);
    files.push({ ...f, bytes: bytes.length });
  };

  // the unit's cover letter (công văn) leads the batch
  {
    const rng = mulberry32(hashSeed(seed, 'letter'));
    const drawn = drawEffects('flatbed', rng.fork('effects'), dpi);
    const raster = await applyEffects(await coverLetterPage(dpi, rng.fork('page')), dpi, drawn.effects, rng.fork('scan'));
    batch.push({ jpeg: await encodeJpeg(raster, drawn.effects.jpegQuality ?? 85, dpi), width: raster.width, height: raster.height, dpi });
    batchPages.push({ file: 'lo-1.pdf', page: 1, truth: { status: 'not_a_sheet', kind: 'cover_letter', dpi, effects: drawn.effects } });
  }

  let flatN = 0;
  let pending: Promise<void> = Promise.resolve();
  for (let i = 0; i < present.length; i++) {
    const s = present[i];
    const rng = mulberry32(hashSeed(seed, `sheet:${s.serial}`));
    const code = s.examCode;
    const key = o.keys[code];
    if (!key) throw new Error(`no answer key for mã đề ${code}`);
    const its = itemsOf(code);
    const theta = abilityFor(targets[i % targets.length], its);
    const arng = rng.fork('answers');
    const answers: Record<string, string> = {};
    questions.forEach((g, k) => {
      const n = Number(g.key.slice(1));
      const right = options.indexOf(key[n]);
      const it = its[k];
      if (arng.chance(sigmoid(it.a * (theta - it.b)))) answers[g.key] = options[right];
      else {
        const wrong = arng.chance(0.55) ? (right + it.lure) % options.length : (right + arng.int(1, options.length - 1)) % options.length;
        answers[g.key] = options[wrong];
      }
    });
    const special: Record<string, MarkKind> = {};
    for (const p of plan.filter((x) => x.at === i)) special[`q${p.question}`] = p.kind;
    const { profile, file } = place[i];
    const page = await scanSheet(printer, s, answers, special, profile, dpi, rng);
    let expectedTotal = 0;
    for (const g of questions) {
      const t = page.truth.groups![g.key];
      if (!(g.key in special) && t.value === key[Number(g.key.slice(1))]) expectedTotal++;
    }
    for (const p of plan.filter((x) => x.at === i)) {
      planted.push({ serial: s.serial, sbd: s.candidate.sbd, hoTen: s.candidate.hoTen, question: p.question, kind: p.kind, value: page.truth.groups![`q${p.question}`].value });
    }
    const info = { truth: page.truth, sbd: s.candidate.sbd, hoTen: s.candidate.hoTen, profile, expectedTotal };
    // encode and write while the next sheet is drawn (sharp works off the main thread)
    await pending;
    if (file === 'batch') {
      pending = encodeJpeg(page.raster, page.truth.effects.jpegQuality ?? 85, page.dpi).then((jpeg) => {
        batch.push({ jpeg, width: page.raster.width, height: page.raster.height, dpi: page.dpi });
      });
      batchPages.push({ file: 'lo-1.pdf', page: batchPages.length + 1, ...info });
    } else if (file === 'feeder') {
      feeder.push(page.raster);
      feederDpi = page.dpi;
      feederPages.push({ file: 'lo-2-den-trang.tif', page: feederPages.length + 1, ...info });
    } else {
      const name = `mat-kinh/phieu-${String(++flatN).padStart(4, '0')}.jpg`;
      pending = encodeJpeg(page.raster, page.truth.effects.jpegQuality ?? 85, page.dpi).then((jpeg) => write({ file: name, kind: 'flatbed', pages: 1, profile, dpi: page.dpi }, jpeg));
      pages.push({ file: name, page: 1, ...info });
    }
    pending.catch(() => undefined); // awaited above on the next turn
  }
  await pending;
  const turned = batchPages.filter((p) => p.profile === 'upside-down').length;
  const askew = batchPages.filter((p) => p.profile === 'skewed').length;
  if (batch.length) await write({ file: 'lo-1.pdf', kind: 'batch', pages: batch.length, dpi, askew, upsideDown: turned }, await encodePdf(batch));
  if (feeder.length) await write({ file: 'lo-2-den-trang.tif', kind: 'feeder', pages: feeder.length, dpi: feederDpi }, await encodeTiffG4(feeder, feederDpi));
  files.sort((a, b) => a.file.localeCompare(b.file, 'en', { numeric: true }));
  await printer.close();
  return { files, pages: [...batchPages, ...feederPages, ...pages], planted, ms: Math.round(performance.now() - t0) };
}
