/**
 * The scan side on real artefacts: our printed sheets, filled and scanned by the fixture
 * generator (truth recorded), read back through the whole batch pipeline and the CLI.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { checkRead, describeCheck, generateScanSet, type ScanSet } from '../src/fixtures/index.js';
import { scanInputs } from '../src/scan/batch.js';
import type { PageResult } from '../src/scan/types.js';

const dir = mkdtempSync(path.join(tmpdir(), 'omr-scan-'));
const scans = path.join(dir, 'scans');
let set: ScanSet;
const results: PageResult[] = [];

beforeAll(async () => {
  // 21 sheets × 100 questions = 2,100 questions under every scanner situation the generator
  // knows, in JPEG, PNG, 8-bit and G4 TIFF and PDF, plus a blank page, a cover letter, a
  // truncated JPEG and an empty file.
  set = await generateScanSet({ outDir: scans, seed: 20261126, sheets: 21, pagesPerFile: 3 });
  await scanInputs([scans], { jobs: 2, onPage: (r) => void results.push(r) });
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function truthPages() {
  return set.truth.files.flatMap((f) => f.pages.map((p) => ({ file: f, ...p })));
}

function resultFor(file: string, page: number): PageResult | undefined {
  return results.find((r) => path.resolve(r.source) === path.resolve(scans, file) && r.page === page);
}

describe('reading a mixed batch of generated scans', () => {
  it('gives one result per page, in input order', () => {
    expect(results.length).toBe(truthPages().length);
    const order = results.map((r) => `${path.relative(scans, r.source)}#${r.page}`);
    const sorted = [...order].sort((a, b) => {
      const [fa, pa] = a.split('#');
      const [fb, pb] = b.split('#');
      return fa === fb ? Number(pa) - Number(pb) : fa.localeCompare(fb, undefined, { numeric: true });
    });
    expect(order).toEqual(sorted);
  });

  it('has zero silent errors, flags every double mark, and flags < 1 % of clear marks', () => {
    const problems: string[] = [];
    let questions = 0, clear = 0, clearFlagged = 0, silent = 0;
    for (const p of truthPages()) {
      const r = resultFor(p.file.path, p.page);
      expect(r, `${p.file.path}#${p.page}`).toBeDefined();
      const c = checkRead(p.truth, r!);
      if (p.truth.kind === 'sheet') questions += Object.keys(p.truth.groups ?? {}).filter((k) => k.startsWith('q')).length;
      clear += c.counts.clear;
      clearFlagged += c.counts.clearFlagged;
      silent += c.silentErrors.length;
      problems.push(...c.silentErrors.map((e) => `${p.file.path}#${p.page} ${e.key}: truth ${JSON.stringify(e.truth.value)} (${e.truth.kind}) read ${JSON.stringify(e.read?.value)} unflagged`));
      problems.push(...c.missedFlags.map((e) => `${p.file.path}#${p.page} ${e.key}: ${e.truth.kind} not flagged`));
    }
    expect(questions).toBeGreaterThanOrEqual(2000);
    expect(silent).toBe(0);
    expect(problems).toEqual([]);
    expect(clearFlagged / clear).toBeLessThan(0.01);
  });

  it('reads every SBD, mã đề and serial right or flags it', () => {
    const wrong: string[] = [];
    for (const p of truthPages()) {
      if (p.truth.kind !== 'sheet') continue;
      const c = checkRead(p.truth, resultFor(p.file.path, p.page)!);
      for (const k of ['serial', 'candidateNumber', 'examCode'] as const) if (c[k] === 'wrong' || c[k] === 'missing') wrong.push(`${p.file.path}#${p.page} ${k} ${c[k]}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives the right status to sheets, non-sheets and broken files, with a reason', () => {
    for (const p of truthPages()) {
      const r = resultFor(p.file.path, p.page)!;
      expect(r.status, `${p.file.path}#${p.page} (${p.truth.kind}) ${r.reason ?? ''}`).toBe(p.truth.status);
      if (r.status !== 'ok') expect(r.reason).toMatch(/→/);
    }
    const kinds = new Set(truthPages().map((p) => p.truth.kind));
    expect(kinds).toEqual(new Set(['sheet', 'blank_page', 'cover_letter', 'truncated', 'empty_file']));
  });

  it('undoes the page orientation: upside-down and sideways pages report their rotation', () => {
    const rotations = new Set<number>();
    for (const p of truthPages()) {
      if (p.truth.kind !== 'sheet') continue;
      const r = resultFor(p.file.path, p.page)!;
      const want = p.truth.effects.orient ?? 0;
      expect(r.rotation, `${p.file.path}#${p.page}`).toBe(want);
      rotations.add(r.rotation!);
    }
    expect(rotations).toEqual(new Set([0, 90, 180, 270]));
  });

  it('keeps the contract fields of GUIDE §3 on every ok page', () => {
    const ok = results.filter((r) => r.status === 'ok');
    expect(ok.length).toBe(21);
    for (const r of ok) {
      expect(Object.keys(r.groups!)).toHaveLength(109);
      for (const g of Object.values(r.groups!)) {
        expect(typeof g.value).toBe('string');
        expect(typeof g.flagged).toBe('boolean');
        expect(Array.isArray(g.fill)).toBe(true);
        if (g.flagged) expect(g.reason).toBeTruthy();
      }
      expect(r.fit!.errorPt).toBeLessThan(2);
      expect(r.thresholds!.cut).toBeGreaterThan(r.thresholds!.empty);
    }
  });
});

describe('omr scan (CLI)', () => {
  it('writes results.jsonl and annotated pages, prints a summary and exits 1 when pages need a person', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const jsonl = path.join(dir, 'out', 'results.jsonl');
    const ann = path.join(dir, 'ann');
    const small = path.join(dir, 'small');
    // a small folder: the first multi-page PDF, the G4 TIFF, the broken files
    const pick = set.files.filter((f) => f.format === 'pdf' || f.format === 'tiff-g4' || f.format === 'broken');
    const { cpSync, mkdirSync } = await import('node:fs');
    mkdirSync(small);
    for (const f of pick) cpSync(f.path, path.join(small, path.basename(f.path)));
    const code = await main(['node', 'omr', 'scan', small, '--out', jsonl, '--annotate', ann, '--jobs', '1'], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      isTTY: false,
    });
    expect(code).toBe(1);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PageResult);
    const pages = pick.reduce((n, f) => n + f.pages.length, 0);
    expect(lines).toHaveLength(pages);
    expect(existsSync(`${jsonl}.partial`)).toBe(false);
    expect(readdirSync(ann).filter((f) => f.endsWith('.jpg')).length).toBe(lines.filter((l) => l.status !== 'error').length);
    expect(lines.some((l) => l.status === 'error' && /empty \(0 bytes\)/.test(l.reason!))).toBe(true);
    expect(out.join('\n')).toMatch(new RegExp(`${pages}`));
  });

  it('a bad template stops before any work with one line and exit 2', async () => {
    const err: string[] = [];
    const bad = path.join(dir, 'bad-template.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, '{"id": "x"');
    const code = await main(['node', 'omr', 'scan', scans, '--out', path.join(dir, 'r.jsonl'), '--template', bad], { out: () => {}, err: (l) => err.push(l), isTTY: false });
    expect(code).toBe(2);
    expect(err[0]).toContain('bad-template.json');
    expect(existsSync(path.join(dir, 'r.jsonl'))).toBe(false);
  });
});

// Keep describeCheck imported for readable failures when debugging a seed by hand.
void describeCheck;
