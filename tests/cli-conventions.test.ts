/**
 * CLI conventions, checked on every command (GUIDE.md §5, issue 5):
 * - `--help` exits 0 and shows at least one example ("Ví dụ" by default, "Example" in English);
 * - exit codes 0 done, 1 done but needs a person, 2 bad usage or input (commander usage errors too);
 * - usage errors are one line `omr: … → hint`, nothing on stdout;
 * - `--json` prints one JSON object on one line, nothing else on stdout;
 * - messages in Vietnamese by default, English with `--lang en` / OMR_LANG=en;
 * - `omr … | head` ends quietly (EPIPE).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from '../src/cli/main.js';
import { CATALOGUE, MESSAGE_KEYS, render, translator, type Lang } from '../src/i18n/index.js';
import { hasScanReasonVi, scanReason } from '../src/i18n/scan.js';
import { TROUBLESHOOTING_BEGIN, TROUBLESHOOTING_END, troubleshootingMarkdown } from '../src/i18n/troubleshooting.js';
import { MESSAGES } from '../src/scan/load.js';
import { candidates, defaultExam, keyCsv, makeScans, rosterCsv } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'omr');
const NO_LANG = { PATH: process.env.PATH } as Record<string, string | undefined>;

interface Run {
  code: number;
  out: string[];
  err: string[];
}

/** Run the CLI in-process; the environment has no OMR_LANG unless given (so the default is tested). */
async function run(argv: string[], env: Record<string, string | undefined> = NO_LANG): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'omr', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false, env });
  // help comes as one block: split it into lines like everything else
  return { code, out: out.length ? out.join('\n').split('\n') : [], err: err.length ? err.join('\n').split('\n') : [] };
}

const en = (argv: string[]) => run(['--lang', 'en', ...argv]);

/** Every command of the program, as the words to type (`['key', 'add']`), the program itself first. */
function commandPaths(): string[][] {
  const t = translator('vi');
  const program = buildProgram({ out: () => {}, err: () => {}, isTTY: false, exitCode: 0, lang: 'vi', t });
  const paths: string[][] = [[]];
  const walk = (c: Command, prefix: string[]) => {
    for (const sub of c.commands) {
      const p = [...prefix, sub.name()];
      paths.push(p);
      walk(sub, p);
    }
  };
  walk(program, []);
  return paths;
}

/** Required options, reported before an unknown option. */
const MANDATORY: Record<string, string> = { grade: '-k, --key <file>', export: '-o, --out <dir>', 'complaint evidence': '-o, --out <file.pdf>', 'archive restore': '--to <dir>', notify: '--approved-on <date>', plan: '--staff <file>' };

/** Commands that only group subcommands (`omr key`) have no action of their own. */
const GROUPS = new Set(['template', 'key', 'roster', 'complaint']);

describe('--help on every command', () => {
  const paths = commandPaths();

  it('lists every command the issue names', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of ['layout', 'template check', 'generate', 'scan', 'grade', 'init', 'key add', 'roster set', 'review', 'override', 'status', 'export']) expect(names).toContain(c);
  });

  for (const p of paths) {
    const name = `omr ${p.join(' ')}`.trim();
    it(`${name} --help: exit 0, an example, in Vietnamese by default and English with --lang en`, async () => {
      const vi = await run([...p, '--help']);
      expect(vi.code).toBe(0);
      expect(vi.err).toEqual([]);
      expect(vi.out.join('\n')).toContain('Ví dụ:');
      expect(vi.out.join('\n')).toMatch(/^Cách dùng: omr/);
      const e = await en([...p, '--help']);
      expect(e.code).toBe(0);
      expect(e.out.join('\n')).toMatch(/Examples?:/);
      expect(e.out.join('\n')).toMatch(/^Usage: omr/);
      expect(e.out.join('\n')).not.toContain('Ví dụ:');
      // `omr help CMD` is the same as `omr CMD --help`
      if (p.length === 1) expect((await run(['help', ...p])).out).toEqual(vi.out);
    });

    it(`${name}: a usage error exits 2 with one line and nothing on stdout`, async () => {
      const r = await run([...p, '--no-such-option']);
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
      // commander checks required options first
      const what = MANDATORY[p.join(' ')] ? `thiếu tùy chọn bắt buộc '${MANDATORY[p.join(' ')]}'` : "không có tùy chọn '--no-such-option'";
      expect(r.err).toEqual([`omr: ${what} → omr${p.length ? ' ' + p.join(' ') : ''} --help cho xem ${p.length ? 'các tùy chọn và ví dụ' : 'danh sách lệnh'}`]);
    });

    if (p.length && !GROUPS.has(p[0]) && !(p.length === 1 && p[0] === 'help')) {
      it(`${name} accepts --json`, () => {
        const t = translator('vi');
        const program = buildProgram({ out: () => {}, err: () => {}, isTTY: false, exitCode: 0, lang: 'vi', t });
        let c: Command | undefined = program;
        for (const w of p) c = c?.commands.find((x) => x.name() === w);
        expect(c?.options.some((o) => o.long === '--json')).toBe(true);
      });
    }
  }
});

describe('exit codes and usage errors', () => {
  it('unknown command, missing argument, missing required option, no command: exit 2', async () => {
    let r = await run(['nosuch']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["omr: không có lệnh 'nosuch' → omr --help cho xem danh sách lệnh"]);
    r = await en(['stauts']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["omr: unknown command 'stauts' (did you mean status?) → omr --help shows the commands"]);
    r = await run(['scan']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["omr: thiếu tham số bắt buộc 'inputs' → omr scan --help cho xem các tùy chọn và ví dụ"]);
    r = await en(['grade', 'results.jsonl', '--out', 'x']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(["omr: required option '-k, --key <file>' not given → omr grade --help shows the options and examples"]);
    r = await en(['key', 'add']);
    expect(r.err).toEqual(["omr: missing required argument 'file' → omr key add --help shows the options and examples"]);
    r = await en(['layout', '--template']);
    expect(r.err).toEqual(["omr: option '-t, --template <file>' needs a value → omr layout --help shows the options and examples"]);
    r = await en(['status', 'extra']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: too many arguments: expected 0, got 1 → omr status --help shows the options and examples']);
    // `omr` and `omr key` alone: the help, on stderr, exit 2
    r = await run([]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toContain('Cách dùng: omr');
    r = await run(['key']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toContain('omr key add -w ky-thi/ dap-an-101.csv');
  });

  it('a bad --lang or OMR_LANG is a usage error; OMR_LANG accepts locale forms; --lang wins', async () => {
    let r = await run(['--lang', 'fr', 'status']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: --lang "fr" không phải ngôn ngữ omr hỗ trợ → dùng vi (Tiếng Việt) hoặc en (English)']);
    r = await run(['status'], { OMR_LANG: 'klingon' });
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: OMR_LANG "klingon" không phải ngôn ngữ omr hỗ trợ → dùng vi (Tiếng Việt) hoặc en (English)']);
    r = await run(['layout', '--help'], { OMR_LANG: 'en_US.UTF-8' });
    expect(r.out[0]).toMatch(/^Usage: omr layout/);
    r = await run(['--lang', 'vi', 'layout', '--help'], { OMR_LANG: 'en' });
    expect(r.out[0]).toMatch(/^Cách dùng: omr layout/);
    r = await run(['layout', '--lang=en', '--help']);
    expect(r.out[0]).toMatch(/^Usage: omr layout/);
  });

  it('errors are one line with a hint; the stack only with --debug', async () => {
    const r = await run(['layout', '--template', 'no-such-template.json']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['omr: no-such-template.json: không đọc được mẫu phiếu: không tìm thấy tệp (ENOENT) → kiểm tra lại đường dẫn']);
    const d = await en(['layout', '--template', 'no-such-template.json', '--debug']);
    expect(d.err[0]).toBe('omr: no-such-template.json: cannot read the template: ENOENT → check the path');
    expect(d.err.join('\n')).toMatch(/\n(OmrError: [^\n]*\n)?\s+at /);
  });
});

describe('messages: Vietnamese by default, English with --lang en', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'omr-lang-'));
  });

  it('outside a workspace', async () => {
    const vi = await run(['status', '-w', path.join(dir, 'nope')]);
    expect(vi.code).toBe(2);
    expect(vi.err).toEqual([`omr: ${path.join(dir, 'nope')}: không phải thư mục kỳ thi (thư mục không tồn tại) → kiểm tra đường dẫn sau -w, hoặc tạo thư mục kỳ thi bằng omr init THƯ_MỤC`]);
    const e = await run(['status', '-w', path.join(dir, 'nope')], { OMR_LANG: 'en' });
    expect(e.err).toEqual([`omr: ${path.join(dir, 'nope')}: not an exam workspace (the folder does not exist) → check the path given to -w, or make one with omr init DIR`]);
  });

  it('omr generate: the summary line', async () => {
    const pdf = path.join(dir, 'blank.pdf');
    const vi = await run(['generate', '--count', '2', '--first-serial', '7', '--out', pdf]);
    expect(vi.code).toBe(0);
    expect(vi.out).toHaveLength(1);
    expect(vi.out[0]).toMatch(/^✔ 2 phiếu \(phiếu trống, số phiếu 000007-000008, kỳ thi sat-hach-\d{4}\) → .*blank\.pdf \(\d+ KB\), .*blank\.manifest\.csv$/);
    const e = await en(['generate', '--count', '1', '--out', pdf]);
    expect(e.out[0]).toMatch(/^✔ 1 sheet \(blank, số phiếu 000001-000001, exam sat-hach-\d{4}\) → /);
  });

  it('roster row errors, the list under the summary line, and the hint last', async () => {
    const roster = path.join(dir, 'roster.csv');
    writeFileSync(roster, 'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\n123,Lê Văn A,,,1,\n000002,,,,4,\n');
    const pdf = path.join(dir, 'r.pdf');
    const vi = await run(['generate', '--roster', roster, '--out', pdf]);
    expect(vi.code).toBe(2);
    expect(vi.err).toEqual([
      `omr: ${roster}: danh sách thí sinh có 3 lỗi, chưa ghi tệp nào`,
      `${roster} dòng 2: sbd "123" phải có đúng 6 chữ số → ghi đủ các số 0 ở đầu, ví dụ "000123" (trong Excel định dạng cột là Text)`,
      `${roster} dòng 3: ho_ten để trống → điền họ và tên thí sinh`,
      `${roster} dòng 3: nhóm "4" phải là 1, 2 hoặc 3 → sửa cột nhom`,
      '  → sửa các dòng trên rồi chạy lại lệnh',
    ]);
    const e = await en(['generate', '--roster', roster, '--out', pdf]);
    expect(e.err).toEqual([
      `omr: ${roster}: 3 problems in the roster, nothing was written`,
      `${roster} row 2: sbd "123" must be exactly 6 digits → write it with its leading zeros, e.g. "000123" (format the column as Text in Excel)`,
      `${roster} row 3: ho_ten is empty → fill in the candidate's full name (họ và tên)`,
      `${roster} row 3: nhóm "4" must be 1, 2 or 3 → fix the nhom column`,
      '  → fix the rows above and run the command again',
    ]);
    const missing = await run(['generate', '--roster', path.join(dir, 'khong-co.csv'), '--out', pdf]);
    expect(missing.err).toEqual([`omr: ${path.join(dir, 'khong-co.csv')}: không đọc được danh sách thí sinh: không tìm thấy tệp (ENOENT) → kiểm tra lại đường dẫn`]);
  });

  it('template errors: the wrapper line in Vietnamese, the rule detail as written', async () => {
    const bad = path.join(dir, 'bad-template.json');
    writeFileSync(bad, '{"id": "x"');
    let r = await run(['template', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(new RegExp(`^omr: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: mẫu phiếu không phải JSON hợp lệ: .+ → mở tệp bằng trình soạn thảo văn bản và sửa cú pháp JSON$`));
    writeFileSync(bad, '{"id": "x"}');
    r = await run(['template', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^omr: .*bad-template\.json: ✖ .+ → tại \S+/);
    expect(r.err.at(-1)).toBe('  → sửa mẫu phiếu rồi chạy lại `omr template check`');
    r = await en(['template', 'check', bad]);
    expect(r.err[0]).toMatch(/^omr: .*bad-template\.json: ✖ .+ → at \S+/);
    expect(r.err.at(-1)).toBe('  → fix the template and run `omr template check` again');
  });

  it('scan: an unreadable file is shown in Vietnamese; results.jsonl keeps the English reason', async () => {
    const scans = path.join(dir, 'scans');
    mkdirSync(scans);
    writeFileSync(path.join(scans, 'empty.jpg'), '');
    const jsonl = path.join(dir, 'r.jsonl');
    const vi = await run(['scan', scans, '--out', jsonl, '--jobs', '1']);
    expect(vi.code).toBe(1);
    expect(vi.out[0]).toBe(`${scans}/empty.jpg: lỗi — tệp trống (0 byte) → chép lại tệp hoặc quét lại phiếu`);
    expect(vi.out[1]).toBe('Số trang đã đọc: 1 (đọc được 0, không phải phiếu 0, lỗi 1)');
    expect(JSON.parse(readFileSync(jsonl, 'utf8').trim()).reason).toBe(MESSAGES.emptyFile);
    const e = await en(['scan', scans, '--out', jsonl, '--jobs', '1']);
    expect(e.out[0]).toBe(`${scans}/empty.jpg: error — ${MESSAGES.emptyFile}`);

    const none = await run(['scan', path.join(dir, 'khong-co'), '--out', jsonl]);
    expect(none.out[0]).toBe(`${path.join(dir, 'khong-co')}: lỗi — không tìm thấy tệp hoặc thư mục → kiểm tra lại đường dẫn`);
  });

  it('scan: a page that is not a sheet (the reason comes from registration) is shown in Vietnamese', async () => {
    const blank = path.join(dir, 'blank-page.png');
    await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } }).greyscale().png().toFile(blank);
    const jsonl = path.join(dir, 'blank.jsonl');
    const vi = await run(['scan', blank, '--out', jsonl, '--jobs', '1']);
    expect(vi.code).toBe(1);
    expect(vi.out[0]).toBe(
      `${blank}: không phải phiếu — không tìm thấy dấu định vị (thấy 0/4 ô vuông góc) → kiểm tra trang này có phải phiếu trả lời của kỳ thi này không, và các góc không bị cắt hay che`,
    );
    expect(JSON.parse(readFileSync(jsonl, 'utf8').trim()).reason).toBe(
      'no registration marks found (0 of 4 corner squares) → check that this page is an answer sheet of this exam and that its corners are not cut off or covered',
    );
  });

  it('README "Troubleshooting" quotes the messages exactly as omr prints them (npm run readme:troubleshooting)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const a = readme.indexOf(TROUBLESHOOTING_BEGIN);
    const b = readme.indexOf(TROUBLESHOOTING_END);
    expect(a).toBeGreaterThan(0);
    expect(readme.slice(a + TROUBLESHOOTING_BEGIN.length, b).trim()).toBe(troubleshootingMarkdown().trim());
  });

  it('every scan MESSAGES text (results.jsonl reasons) has a Vietnamese rendering', () => {
    const m = MESSAGES;
    const samples: Record<keyof typeof MESSAGES, string[]> = {
      notFound: [m.notFound],
      permission: [m.permission('file'), m.permission('folder')],
      unreadable: [m.unreadable('EIO'), m.unreadable('not a regular file')],
      emptyFolder: [m.emptyFolder],
      notScanFile: [m.notScanFile('.txt'), m.notScanFile('')],
      emptyFile: [m.emptyFile],
      notImage: [m.notImage('an HTML page')],
      heic: [m.heic],
      corruptFile: [m.corruptFile('JPEG: premature end')],
      corruptPage: [m.corruptPage('bad IFD')],
      tiffTruncated: [m.tiffTruncated(3, 'IFD offset outside the file')],
      tooLarge: [m.tooLarge(), m.tooLarge(20000, 30000)],
      pdfPassword: [m.pdfPassword],
      pdfNoPages: [m.pdfNoPages],
      pdfCorrupt: [m.pdfCorrupt('xref')],
      pdfPage: [m.pdfPage('font')],
    };
    // a new MESSAGES entry needs a sample here and a translation in src/i18n/scan.ts
    expect(Object.keys(samples).sort()).toEqual(Object.keys(MESSAGES).sort());
    for (const text of Object.values(samples).flat()) {
      expect(hasScanReasonVi(text), text).toBe(true);
      expect(scanReason('vi', text)).not.toBe(text);
      expect(scanReason('en', text)).toBe(text);
    }
    expect(scanReason('vi', MESSAGES.tooLarge(20000, 30000))).toBe('ảnh quá lớn (20000×30000 điểm ảnh) → quét ở 200-300 DPI');
  });

  it('the catalogue has both languages for every key, and they differ where words do', () => {
    const same: string[] = [];
    for (const key of MESSAGE_KEYS) {
      const entry = (CATALOGUE as Record<string, unknown>)[key];
      expect(entry, key).toBeDefined();
      const probe = new Proxy({}, { get: (_, k) => (k === 'toJSON' ? undefined : k === 'what' ? 'roster' : 1) }) as never;
      const out: Partial<Record<Lang, string>> = {};
      for (const lang of ['en', 'vi'] as const) {
        try {
          out[lang] = render(lang, { key, vars: probe });
        } catch {
          // a message that needs real variables (lists): checked by the command tests
        }
      }
      if (out.en !== undefined && out.en === out.vi) same.push(key);
    }
    // identical on purpose: commands, examples, domain words, or variables only
    expect(same.sort()).toEqual(
      [
        'key.code', 'ov.row.scored', 'ov.sheetSerial', 'scan.needOut.hint', 'scan.page.notOk', 'status.key', 'usage.other', 'plan.problem', 'plan.maybe',
        // the desk's look-up tables (an unknown value is shown as it is)
        'desk.answerStatus', 'desk.res.file', 'desk.scan.stored', 'desk.status',
      ].sort(),
    );
  });
});

describe('--json: one JSON object on one line, nothing else on stdout', () => {
  let base: string;
  let ws: string;
  let scans: string;
  const list = candidates(3);

  beforeAll(async () => {
    base = mkdtempSync(path.join(tmpdir(), 'omr-json-'));
    ws = path.join(base, 'ky-thi');
    writeFileSync(path.join(base, 'roster.csv'), rosterCsv(list));
    writeFileSync(path.join(base, 'keys.csv'), keyCsv(['101']));
    writeFileSync(path.join(base, 'exam.json'), JSON.stringify(defaultExam(2025)));
    scans = path.join(base, 'scans');
    await makeScans(scans, [
      { serial: '000001', candidate: list[0], sbd: list[0].sbd, made: '101', correct: 90 },
      { serial: '000002', candidate: list[1], sbd: list[1].sbd, made: '101', correct: 60, marks: { 4: 'double' } },
    ]);
  });

  const oneJson = (r: Run): Record<string, unknown> => {
    expect(r.out, r.err.join('\n')).toHaveLength(1);
    const v = JSON.parse(r.out[0]) as Record<string, unknown>;
    expect(typeof v).toBe('object');
    return v;
  };

  it('every reporting command', async () => {
    const b = (...p: string[]) => path.join(base, ...p);
    let r = await run(['template', 'check', path.join(ROOT, 'templates', 'sat-hach-100.json'), '--json']);
    expect(oneJson(r).template).toBe('sat-hach-100');
    r = await run(['layout', '--json']);
    expect(JSON.parse(r.out.join('\n')).template).toBe('sat-hach-100'); // the layout contract (GUIDE §3): one pretty-printed object
    r = await run(['generate', '--count', '2', '--out', b('blank.pdf'), '--json']);
    expect(oneJson(r).lastSerial).toBe('000002');
    r = await run(['init', ws, '--exam', b('exam.json'), '--roster', b('roster.csv'), '--json']);
    expect(r.code).toBe(0);
    expect(oneJson(r).exam).toBe('sat-hach-2025');
    r = await run(['key', 'add', '-w', ws, b('keys.csv'), '--json']);
    expect(oneJson(r).file).toBe('keys/keys.csv');
    r = await run(['roster', 'set', '-w', ws, b('roster.csv'), '--json']);
    expect(oneJson(r).candidates).toBe(3);
    r = await run(['generate', '-w', ws, '--json']);
    expect(oneJson(r).nextSerial).toBe('000004');
    r = await run(['scan', scans, '--out', b('results.jsonl'), '--jobs', '1', '--json']);
    expect(r.code).toBe(1); // a double mark needs a person
    expect(oneJson(r).pages).toBe(2);
    r = await run(['scan', '-w', ws, scans, '--jobs', '1', '--json']);
    expect(oneJson(r).added).toBe(2);
    r = await run(['grade', b('results.jsonl'), '--key', b('keys.csv'), '--roster', b('roster.csv'), '--out', b('out'), '--json']);
    expect(r.code).toBe(1);
    expect((oneJson(r).rows as unknown[]).length).toBe(3);
    r = await run(['review', '-w', ws, '--json']);
    expect(r.code).toBe(1);
    expect(oneJson(r).needsPerson).toBeGreaterThan(0);
    r = await run(['override', '-w', ws, '--serial', '000002', '--question', '4', '--value', '', '--by', 'Nguyễn Văn A', '--reason', 'tô hai ô', '--json']);
    expect(r.code).toBe(0);
    expect((oneJson(r).override as { value: string }).value).toBe('');
    r = await run(['status', '-w', ws, '--json']);
    expect(oneJson(r).pages).toBeDefined();
    r = await run(['export', '-w', ws, '--out', b('ket-qua'), '--json', '--no-xlsx']);
    expect(oneJson(r).files).toBeDefined();
  });

  it('grading problems and the review list in Vietnamese, English with --lang en', async () => {
    const b = (...p: string[]) => path.join(base, ...p);
    const argv = ['grade', b('results.jsonl'), '--key', b('keys.csv'), '--roster', b('roster.csv'), '--out', b('out-vi'), '--no-xlsx'];
    const vi = await run(argv);
    expect(vi.code).toBe(1);
    const sheet = path.join(scans, 'scan-002.jpg');
    expect(vi.err).toEqual([`SBD 000002 (${sheet} tr.1): 1 câu cần xem, câu 4 → xem lại và sửa tay`]);
    expect(vi.out.slice(0, 2)).toEqual(['Số trang: 2 (2 đọc được) · danh sách: 3 thí sinh', '  Xếp loại       Số   Tỉ lệ']);
    expect(vi.out).toContain('Cần người xử lý: 1 câu cần xem trên 1 phiếu, tổng cộng 1 vấn đề, liệt kê ở stderr');
    const e = await en(argv);
    expect(e.err).toEqual([`SBD 000002 (${sheet} page 1): 1 flagged answer(s), câu 4 → review and override`]);
    expect(e.out.slice(0, 2)).toEqual(['Pages: 2 (2 ok) · roster: 3 candidates', '  Band        Count   Share']);
    expect(e.out).toContain('Needs a person: 1 flagged answer(s) on 1 sheet(s), 1 problem(s) in total, listed on stderr');
    // the double mark was resolved by the override above: the absent candidate and the correction remain
    const rv = await run(['review', '-w', ws]);
    expect(rv.code).toBe(0);
    expect(rv.out.slice(0, 3)).toEqual([
      'Thiếu bài (1):',
      '  1. (thông tin) SBD 000003 (Nguyễn Văn Thí Sinh 3): chưa quét phiếu nào → vắng thi, còn phiếu chưa quét, hoặc SBD bị đọc sai (xem SBD không có trong danh sách)',
      'Sửa tay (1):',
    ]);
    expect(rv.out.at(-1)).toBe('Không có gì cần người xử lý.');
    const rve = await en(['review', '-w', ws]);
    expect(rve.out.slice(0, 3)).toEqual([
      'Missing sheets (1):',
      '  1. (info) SBD 000003 (Nguyễn Văn Thí Sinh 3): no sheet scanned → absent, or a sheet still to scan, or a misread SBD (see unknown SBD)',
      'Corrections (1):',
    ]);
    expect(rve.out.at(-1)).toBe('Nothing needs a person.');
  });

  it('Vietnamese status and review of the same workspace, English with --lang en', async () => {
    const vi = await run(['status', '-w', ws]);
    expect(vi.out[0]).toMatch(/^Thư mục kỳ thi .*ky-thi · kỳ thi sat-hach-2025 · mẫu phiếu sat-hach-100 v1$/);
    expect(vi.out).toContain('Xung đột: 0');
    const e = await en(['status', '-w', ws]);
    expect(e.out[0]).toMatch(/^Workspace .*ky-thi · exam sat-hach-2025 · template sat-hach-100 v1$/);
    expect(e.out).toContain('Conflicts: 0');
  });
});

describe('EPIPE: `omr … | head` ends quietly', () => {
  const spawnCut = (args: string[], when: 'at-once' | 'first-chunk'): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OMR_LANG: 'en' } });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      if (when === 'at-once') child.stdout.destroy();
      else child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('stdout closed before the first write (omr layout)', async () => {
    const r = await spawnCut(['layout'], 'at-once');
    expect(r.stderr).not.toMatch(/Unhandled 'error' event|EPIPE/);
    expect(r.code).toBe(0);
  });

  it('stdout closed after the first chunk of many lines (omr template check, omr --help)', async () => {
    for (const args of [['template', 'check', path.join(ROOT, 'templates', 'sat-hach-100.json')], ['--help']]) {
      const r = await spawnCut(args, 'first-chunk');
      expect(r.stderr).not.toMatch(/Unhandled 'error' event|EPIPE/);
      expect(r.code).toBe(0);
    }
  });
});
