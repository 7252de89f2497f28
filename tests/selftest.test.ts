/**
 * `omr selftest`: print a sheet of the template, fill it with a known pattern, scan it at several
 * scanner settings, read it back; PASS, or the exact groups that failed. The bundled template
 * passes; so does a council's own template (a modified copy that passes `omr template check`);
 * a scanner setting that wipes out pencil marks fails with the groups named.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { judge, runSelftest, SELFTEST_SETTINGS, selftestPattern } from '../src/selftest/selftest.js';
import type { GroupTruth } from '../src/fixtures/index.js';
import type { PageResult } from '../src/scan/types.js';
import { buildLayout } from '../src/template/layout.js';
import { DEFAULT_TEMPLATE, loadLayout, loadTemplate } from '../src/template/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'omr-selftest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const omr = (args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/omr'), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMR_LANG: 'en' } });

/** A council's own template: 60 questions in three columns, five options, a 5-digit SBD. */
function customTemplate(): string {
  const t = JSON.parse(readFileSync(DEFAULT_TEMPLATE, 'utf8'));
  t.id = 'kiem-tra-60';
  t.title = 'PHIẾU TRẢ LỜI TRẮC NGHIỆM (60 CÂU)';
  t.answers.questions = 60;
  t.answers.rowsPerColumn = 20;
  t.answers.columnPitch = 150;
  t.answers.options = ['A', 'B', 'C', 'D', 'E'];
  t.answers.parts = [
    { title: 'Phần I. Kiến thức chung (câu 1-20)', from: 1, to: 20 },
    { title: 'Phần II. Chuyên môn, nghiệp vụ (câu 21-60)', from: 21, to: 60 },
  ];
  t.candidate.sbd.digits = 5;
  const file = path.join(tmp, 'kiem-tra-60.json');
  writeFileSync(file, JSON.stringify(t, null, 2));
  return file;
}

describe('the test pattern', () => {
  it('cycles the options, uses known digits, leaves the last question blank and marks one twice', () => {
    const { template, layout } = loadLayout();
    const p = selftestPattern(layout, template.answers.options);
    expect(p).toMatchObject({ serial: '000001', candidateNumber: '123456', examCode: '789', blank: 'q100', double: 'q50' });
    expect([p.answers.q1, p.answers.q2, p.answers.q3, p.answers.q4, p.answers.q5, p.answers.q100]).toEqual(['A', 'B', 'C', 'D', 'A', 'D']);
  });

  it('names every group read wrong, a double mark not flagged, a clear mark flagged, a wrong serial', () => {
    const { template, layout } = loadLayout();
    const p = selftestPattern(layout, template.answers.options);
    const truth: Record<string, GroupTruth> = Object.fromEntries(layout.groups.map((g) => [g.key, { value: g.kind === 'question' ? p.answers[g.key] : '', kind: 'clear', mustFlag: false, mayFlag: false }]));
    truth.q100 = { value: '', kind: 'blank', mustFlag: false, mayFlag: false };
    truth.q50 = { value: 'BC', kind: 'double', mustFlag: true, mayFlag: false };
    const groups = Object.fromEntries(Object.entries(truth).map(([k, t]) => [k, { value: t.value, flagged: t.kind === 'double', reason: t.kind === 'double' ? ('multiple' as const) : undefined, fill: [0, 0, 0, 0] }]));
    const good: PageResult = { source: 'x.jpg', page: 1, status: 'ok', serial: '000001', groups };
    expect(judge(good, p, truth)).toEqual({ failures: [], groups: [] });
    const bad: PageResult = {
      ...good,
      serial: null,
      flags: ['qr_unreadable'],
      groups: { ...groups, q17: { value: '', flagged: false, fill: [0, 0, 0, 0] }, q18: { value: 'B', flagged: true, reason: 'light', fill: [0, 0.3, 0, 0] }, q50: { value: 'B', flagged: false, fill: [0, 0.8, 0.2, 0] } },
    };
    const j = judge(bad, p, truth);
    expect(j.groups).toEqual(['q17', 'q18', 'q50']);
    expect(j.failures.map((f) => f.text)).toEqual([
      'page warning: qr_unreadable',
      'QR serial: read nothing, want "000001"',
      'q17: read "" (blank), want "A"',
      'q18: read "B" flagged light, want "B"',
      'q50: two marks (BC) read "B" without a flag',
    ]);
    expect(j.failures[4]).toEqual({ kind: 'double_not_flagged', group: 'q50', read: 'B', flagged: false, want: 'BC', text: 'q50: two marks (BC) read "B" without a flag' });
    expect(judge({ source: 'x.jpg', page: 1, status: 'not_a_sheet', reason: 'no registration marks' }, p, truth).failures.map((f) => f.text)).toEqual(['page not recognised as a sheet: no registration marks']);
  });
});

describe('omr selftest', () => {
  it('passes the bundled template at every scanner setting, and keeps what it made when asked', async () => {
    const keep = path.join(tmp, 'kept');
    const r = await runSelftest({ keepDir: keep });
    expect(r.settings.map((s) => s.id)).toEqual(SELFTEST_SETTINGS.map((s) => s.id));
    for (const s of r.settings) expect(s.failures.map((f) => f.text), s.label).toEqual([]);
    expect(r.pass).toBe(true);
    expect(r.template).toMatchObject({ id: 'sat-hach-100', questions: 100, sbdDigits: 6, madeDigits: 3 });
    expect(readdirSync(keep).sort()).toEqual(['annotated', 'scans', 'selftest-sheet.pdf']);
    expect(readdirSync(path.join(keep, 'scans'))).toContain('06-bitonal-g4.tif');
    expect(readdirSync(path.join(keep, 'annotated')).length).toBe(SELFTEST_SETTINGS.length);
  });

  it('passes a council\'s own template (60 questions A-E, 5-digit SBD) that passes omr template check: exit 0', () => {
    const file = customTemplate();
    const check = omr(['template', 'check', file]);
    expect(check.status, check.stderr).toBe(0);
    const r = omr(['selftest', '--template', file]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kiem-tra-60 v1');
    expect(r.stdout).toContain('60 questions ABCDE, SBD 5 digits, mã đề 3 digits');
    expect(r.stdout).toMatch(/câu 30 marked twice .*câu 60 left blank/);
    expect(r.stdout.match(/ PASS$/gm)?.length).toBe(SELFTEST_SETTINGS.length);
    expect(r.stdout).toMatch(/^✔ PASS: every setting read the sheet back exactly \(7\/7/m);
    // the custom layout really is different
    expect(buildLayout(loadTemplate(file)).groups.filter((g) => g.kind === 'question').map((g) => g.options.length)).toEqual(new Array(60).fill(5));
  });

  it('fails, naming the groups, when a setting loses the pencil marks (black-and-white threshold too low)', async () => {
    const r = await runSelftest({
      settings: [
        SELFTEST_SETTINGS[0],
        { id: 'bw-too-light', label: '150 DPI, black-and-white, threshold too low', dpi: 150, effects: { bitonal: 45 }, format: 'tiff-g4' },
      ],
    });
    expect(r.pass).toBe(false);
    expect(r.settings[0].pass).toBe(true);
    const bad = r.settings[1];
    expect(bad.pass).toBe(false);
    expect(bad.groups.length).toBeGreaterThan(10);
    expect(bad.failures.length).toBeGreaterThanOrEqual(bad.groups.length);
    for (const f of bad.failures.filter((x) => x.group?.startsWith('q')).map((x) => x.text)) expect(f).toMatch(/^q\d+: (read ".*"( \(blank\))?( flagged \w+)?, want "[A-D]?"( \(blank\))?|two marks \(\w+\) read .* without a flag)$/);
  });

  it('a bad template file is a usage error (exit 2), named with its problem', () => {
    const file = path.join(tmp, 'broken.json');
    const t = JSON.parse(readFileSync(DEFAULT_TEMPLATE, 'utf8'));
    t.bubble.radius = -1;
    writeFileSync(file, JSON.stringify(t));
    const r = omr(['selftest', '--template', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).toContain('bubble.radius');
  });
});
