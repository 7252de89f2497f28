import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BANDS, defaultExam, EXAMPLE_EXAM, loadExam, validateExam } from '../src/exam/exam.js';
import { encodeIdentity, formatSerial, parseIdentity } from '../src/identity/payload.js';
import { manifestCsv, manifestPathFor, planSheets } from '../src/print/generate.js';
import { qrSymbol } from '../src/print/qr.js';
import { candidatesOrThrow, loadRoster, parseRoster } from '../src/roster/roster.js';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('QR identity payload', () => {
  const id = { examId: 'phong-dien-2025', serial: '000123', template: 'sat-hach-100', templateVersion: 1 };

  it('round-trips and has the documented shape', () => {
    const text = encodeIdentity(id);
    expect(text).toMatch(/^OMR1\|phong-dien-2025\|000123\|sat-hach-100\|1\|[0-9a-f]{8}$/);
    expect(parseIdentity(text)).toEqual(id);
  });

  it('checksum is the first 8 hex digits of SHA-256 of everything before the last |', async () => {
    const { createHash } = await import('node:crypto');
    const text = encodeIdentity(id);
    const body = text.slice(0, text.lastIndexOf('|'));
    expect(text.endsWith('|' + createHash('sha256').update(body).digest('hex').slice(0, 8))).toBe(true);
  });

  it('rejects other QR codes, wrong field counts and bad checksums with NOT_A_SHEET', () => {
    const good = encodeIdentity(id);
    const err = (t: string): { code: string; message: string } => {
      try {
        parseIdentity(t);
      } catch (e) {
        return e as { code: string; message: string };
      }
      throw new Error('expected an error');
    };
    expect(err('https://example.com').code).toBe('NOT_A_SHEET');
    expect(err('https://example.com').message).toBe('QR code "https://example.com" is not an answer-sheet identity: it does not start with "OMR1|"');
    expect(err('OMR1|a|000001|sat-hach-100|1').message).toContain('it has 5 fields instead of 6');
    const tampered = good.replace('000123', '000124');
    expect(err(tampered).message).toContain('the checksum does not match');
  });

  it('refuses exam ids that could break the format', () => {
    expect(messageOf(() => encodeIdentity({ ...id, examId: 'a|b' }))).toBe('exam id "a|b" must be 1-40 letters, digits, dots, dashes or underscores');
    expect(formatSerial(123)).toBe('000123');
    expect(() => formatSerial(1_000_000)).toThrow(/out of range/);
  });

  it('QR symbols are built from merged runs of dark modules', () => {
    const sym = qrSymbol(encodeIdentity(id));
    expect(sym.size).toBeGreaterThanOrEqual(21);
    expect(sym.runs.length).toBeGreaterThan(50);
    // no two runs touch in one row (they would have been merged)
    for (let i = 1; i < sym.runs.length; i++) {
      const a = sym.runs[i - 1], b = sym.runs[i];
      if (a.row === b.row) expect(b.col).toBeGreaterThan(a.col + a.len);
    }
  });
});

describe('exam file', () => {
  it('has sensible defaults', () => {
    const e = defaultExam(2025);
    expect(e.id).toBe('sat-hach-2025');
    expect(e.organiser[1]).toBe('HỘI ĐỒNG KIỂM TRA, SÁT HẠCH');
    expect(e.name).toBe('KỲ KIỂM TRA, SÁT HẠCH ĐỊNH KỲ CÁN BỘ, CÔNG CHỨC CẤP XÃ');
    expect(e.bands).toEqual(DEFAULT_BANDS);
    expect(loadExam().bands.map((b) => b.name)).toEqual(['Tốt', 'Khá', 'Trung bình', 'Không đạt']);
  });

  it('loads the shipped example', () => {
    const e = loadExam(EXAMPLE_EXAM);
    expect(e.organiser).toEqual(['ỦY BAN NHÂN DÂN HUYỆN PHONG ĐIỀN', 'HỘI ĐỒNG KIỂM TRA, SÁT HẠCH']);
    expect(e.year).toBe(2025);
    expect(e.bands).toEqual([
      { name: 'Tốt', min: 90 },
      { name: 'Khá', min: 70 },
      { name: 'Trung bình', min: 50 },
      { name: 'Không đạt', min: 0 },
    ]);
  });

  const base = { id: 'x-2025', organiser: ['ỦY BAN NHÂN DÂN HUYỆN A', 'HỘI ĐỒNG'], name: 'KỲ THI', year: 2025 };

  it('names the path of schema errors', () => {
    expect(messageOf(() => validateExam({ ...base, organiser: ['  ', 'B'] }, 'exam.json'))).toBe('exam.json: ✖ must not be empty → at organiser[0]');
    expect(messageOf(() => validateExam({ ...base, id: 'có dấu' }, 'exam.json'))).toBe(
      'exam.json: ✖ must be 1-40 letters, digits, dots, dashes or underscores (no spaces) → at id',
    );
    expect(messageOf(() => validateExam({ ...base, colour: 'red' }, 'exam.json'))).toContain('→ at (top level)');
  });

  it('checks the bands', () => {
    const bands = (b: { name: string; min: number }[]) => messageOf(() => validateExam({ ...base, bands: b }, 'exam.json'));
    expect(bands([{ name: 'Tốt', min: 90 }, { name: 'Tốt', min: 50 }, { name: 'Không đạt', min: 0 }])).toBe(
      'exam.json: ✖ band name "Tốt" is used twice (also bands[0]) → at bands[1].name',
    );
    expect(bands([{ name: 'Tốt', min: 70 }, { name: 'Khá', min: 70 }, { name: 'Không đạt', min: 0 }])).toBe(
      'exam.json: ✖ minimums must decrease strictly, best band first: "Khá" 70 is not below "Tốt" 70 → at bands[1].min',
    );
    expect(bands([{ name: 'Đạt', min: 50 }, { name: 'Không đạt', min: 10 }])).toBe(
      'exam.json: ✖ the last band must start at 0 so every score gets a band, not 10 → at bands[1].min',
    );
  });

  it('reports unreadable files with the path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omr-exam-'));
    const f = path.join(dir, 'exam.json');
    writeFileSync(f, '{ "id": ');
    expect(messageOf(() => loadExam(f))).toMatch(/exam\.json: the exam file is not valid JSON/);
  });
});

const HEADER = 'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh';

describe('roster', () => {
  it('reads UTF-8 with BOM, any column order, extra columns, leading zeros, NFD names', () => {
    const nfd = 'Nguyễn Thị Ánh Tuyết'.normalize('NFD');
    const text = '\uFEFFghi_chu,nhom,ho_ten,sbd,chuc_danh,don_vi,ngay_sinh\r\n' + `x,2,${nfd},000123,Công chức,"UBND xã A, huyện B",04/03/1978\r\n`;
    const r = parseRoster(text, 'roster.csv');
    expect(r.issues).toEqual([]);
    expect(r.candidates).toEqual([
      { row: 2, sbd: '000123', hoTen: 'Nguyễn Thị Ánh Tuyết', ngaySinh: '04/03/1978', donVi: 'UBND xã A, huyện B', nhom: 2, chucDanh: 'Công chức' },
    ]);
  });

  it('reads the semicolon CSV that Excel writes on Vietnamese Windows', () => {
    const r = parseRoster('sbd;ho_ten;ngay_sinh;don_vi;nhom;chuc_danh\n000001;Lê Văn A;;;1;\n', 'r.csv');
    expect(r.issues).toEqual([]);
    expect(r.candidates[0].hoTen).toBe('Lê Văn A');
  });

  it('gives pinned messages for bad rows and leaves those rows out', () => {
    const text = [
      HEADER,
      '000001,Nguyễn Văn A,01/01/1980,Xã A,1,Chủ tịch', // row 2 ok
      ',Trần Thị B,,,2,', // row 3 missing sbd
      '12345,Lê Văn C,,,3,', // row 4 short sbd
      '000001,Phạm Văn D,,,1,', // row 5 duplicate of row 2
      '', // row 6 blank: skipped
      '000007,Hoàng Văn E,,,4,', // row 7 nhóm 4
      '000008,,,,2,', // row 8 no name
      '00A009,Võ Thị G,,,2,', // row 9 letters in sbd
    ].join('\n');
    const r = parseRoster(text, 'roster.csv');
    expect(r.issues.map((i) => i.message)).toEqual([
      'roster.csv row 3: sbd is empty → fill in the 6-digit số báo danh',
      'roster.csv row 4: sbd "12345" must be exactly 6 digits → write it with its leading zeros, e.g. "012345" (format the column as Text in Excel)',
      'roster.csv row 5: sbd "000001" is already used in row 2 → give each candidate a different số báo danh',
      'roster.csv row 7: nhóm "4" must be 1, 2 or 3 → fix the nhom column',
      "roster.csv row 8: ho_ten is empty → fill in the candidate's full name (họ và tên)",
      'roster.csv row 9: sbd "00A009" must be exactly 6 digits → use exactly 6 digits 0-9',
    ]);
    expect(r.issues.map((i) => i.row)).toEqual([3, 4, 5, 7, 8, 9]);
    expect(r.candidates.map((c) => c.sbd)).toEqual(['000001']);
    expect(messageOf(() => candidatesOrThrow(r, 'roster.csv')).split('\n')[0]).toBe('roster.csv: 6 problems in the roster, nothing was written');
  });

  it('names each missing column', () => {
    const r = parseRoster('sbd,ho_ten,ngay sinh,don_vi,nhom\n000001,A,,,1\n', 'roster.csv');
    expect(r.issues.map((i) => i.message)).toEqual([
      'roster.csv row 1: column "ngay_sinh" is missing from the header → the header must name the columns sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh',
      'roster.csv row 1: column "chuc_danh" is missing from the header → the header must name the columns sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh',
    ]);
    expect(r.candidates).toEqual([]);
  });

  it('reports empty files, header-only files and broken quotes', () => {
    expect(parseRoster('\uFEFF', 'r.csv').issues[0].message).toBe('r.csv row 1: the file is empty → the first line must be the header sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh');
    expect(parseRoster(HEADER + '\n', 'r.csv').issues[0].message).toBe(
      'r.csv row 1: the roster has a header but no candidates → add one line per candidate under the header',
    );
    expect(parseRoster(HEADER + '\n000001,"Lê Văn A,,,1,\n', 'r.csv').issues[0].message).toMatch(/^r\.csv row \d+: the CSV cannot be read/);
  });

  it('honours the template digit count', () => {
    const r = parseRoster(HEADER + '\n1234,A,,,1,\n', 'r.csv', { sbdDigits: 4 });
    expect(r.issues).toEqual([]);
  });

  it('refuses files that are not UTF-8', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'omr-roster-'));
    const f = path.join(dir, 'r.csv');
    writeFileSync(f, Buffer.concat([Buffer.from(HEADER + '\n000001,'), Buffer.from([0x4c, 0xea, 0x20, 0x41]), Buffer.from(',,,1,\n')]));
    expect(messageOf(() => loadRoster(f))).toBe(`${f}: the roster is not UTF-8 text, so Vietnamese names would be garbled`);
    expect(messageOf(() => loadRoster(path.join(dir, 'none.csv')))).toContain('cannot read the roster: ENOENT');
  });
});

describe('print plan and manifest', () => {
  it('numbers sheets and checks the serial range', () => {
    expect(planSheets({ count: 3, firstSerial: 99 }).map((s) => s.serial)).toEqual(['000099', '000100', '000101']);
    expect(messageOf(() => planSheets({ count: 2, firstSerial: 999_999 }))).toBe('serials would run past 999999 (2 sheets from 999999)');
    expect(messageOf(() => planSheets({ count: 0 }))).toBe('--count 0 must be a whole number from 1 to 20000');
  });

  it('writes an Excel-friendly manifest and neutralises formulas', () => {
    const csv = manifestCsv([
      { page: 1, serial: '000001', sbd: '000123', ho_ten: '=HYPERLINK("x")', ngay_sinh: '01/01/1980', don_vi: 'Xã A, huyện B', nhom: '1', chuc_danh: '@cmd' },
    ]);
    expect(csv).toBe('\uFEFFpage,serial,sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\r\n1,000001,000123,"\'=HYPERLINK(""x"")",01/01/1980,"Xã A, huyện B",1,\'@cmd\r\n');
    expect(manifestPathFor('out/sheets.pdf')).toBe('out/sheets.manifest.csv');
    expect(manifestPathFor('sheets')).toBe('sheets.manifest.csv');
  });
});
