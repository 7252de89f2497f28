import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { EXAMPLE_EXAM } from '../src/exam/exam.js';
import { openPdf } from '../src/pdf/rasterize.js';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'omr', '--lang', 'en', ...argv], { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false });
  return { code, out, err };
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'omr-generate-'));
const BOM = '\uFEFF';

describe('omr generate', () => {
  it('--count writes blank numbered sheets and a manifest', async () => {
    const dir = tmp();
    const pdf = path.join(dir, 'sheets.pdf');
    const r = await run(['generate', '--count', '3', '--first-serial', '41', '--exam', EXAMPLE_EXAM, '--out', pdf]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(/^✔ 3 sheets \(blank, số phiếu 000041-000043, exam phong-dien-2025\) → .*sheets\.pdf \(\d+ KB\), .*sheets\.manifest\.csv$/);
    const doc = await openPdf(readFileSync(pdf));
    expect(doc.numPages).toBe(3);
    expect((await doc.pageText(3)).normalize('NFC')).toContain('000043');
    const manifest = readFileSync(path.join(dir, 'sheets.manifest.csv'), 'utf8');
    expect(manifest).toBe(
      BOM + 'page,serial,sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\r\n1,000041,,,,,,\r\n2,000042,,,,,,\r\n3,000043,,,,,,\r\n',
    );
    expect(readdirSync(dir).sort()).toEqual(['sheets.manifest.csv', 'sheets.pdf']);
  });

  it('--roster writes one personalised sheet per candidate', async () => {
    const dir = tmp();
    const roster = path.join(dir, 'roster.csv');
    writeFileSync(
      roster,
      BOM +
        'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\r\n' +
        '000101,Nguyễn Thị Ánh Tuyết,04/03/1978,"UBND xã Phong Hiền, huyện Phong Điền",3,Công chức Tư pháp - Hộ tịch\r\n' +
        '000102,Đặng Hữu Phước,12/11/1969,UBND thị trấn Phong Điền,1,Bí thư Đảng ủy\r\n',
    );
    const pdf = path.join(dir, 'out.pdf');
    const r = await run(['generate', '--roster', roster, '--out', pdf]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^✔ 2 sheets \(personalised, số phiếu 000001-000002, exam sat-hach-\d{4}\)/);
    const doc = await openPdf(readFileSync(pdf));
    expect(doc.numPages).toBe(2);
    const t2 = (await doc.pageText(2)).normalize('NFC');
    expect(t2).toContain('Đặng Hữu Phước');
    expect(t2).toContain('Bí thư Đảng ủy');
    expect(readFileSync(path.join(dir, 'out.manifest.csv'), 'utf8')).toBe(
      BOM +
        'page,serial,sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\r\n' +
        '1,000001,000101,Nguyễn Thị Ánh Tuyết,04/03/1978,"UBND xã Phong Hiền, huyện Phong Điền",3,Công chức Tư pháp - Hộ tịch\r\n' +
        '2,000002,000102,Đặng Hữu Phước,12/11/1969,UBND thị trấn Phong Điền,1,Bí thư Đảng ủy\r\n',
    );
  });

  it('a bad roster prints every problem, exits 2 and writes nothing', async () => {
    const dir = tmp();
    const roster = path.join(dir, 'roster.csv');
    writeFileSync(roster, 'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh\n000001,Lê Văn A,,,1,\n000001,Lê Văn B,,,2,\n000003,Lê Văn C,,,4,\n');
    const pdf = path.join(dir, 'sheets.pdf');
    const r = await run(['generate', '--roster', roster, '--out', pdf]);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n').split('\n')).toEqual([
      `omr: ${roster}: 2 problems in the roster, nothing was written`,
      `${roster} row 3: sbd "000001" is already used in row 2 → give each candidate a different số báo danh`,
      `${roster} row 4: nhóm "4" must be 1, 2 or 3 → fix the nhom column`,
      `${roster}: 3 rows read, 2 left out`,
      '  → fix the rows above and run again, or add --skip-bad-rows to leave them out',
    ]);
    expect(existsSync(pdf)).toBe(false);
    expect(readdirSync(dir)).toEqual(['roster.csv']);
  });

  it('usage errors and unreadable templates exit 2 with one clear line', async () => {
    const dir = tmp();
    const pdf = path.join(dir, 'x.pdf');
    let r = await run(['generate', '--out', pdf]);
    expect(r.code).toBe(2);
    // one line: `omr: what is wrong → what to do`
    expect(r.err).toEqual(['omr: say what to print: --count N or --roster FILE → omr generate --count 20 --out sheets.pdf   or   omr generate --roster roster.csv --out sheets.pdf']);
    r = await run(['generate', '--count', '2', '--roster', 'r.csv', '--out', pdf]);
    expect(r.err).toEqual(['omr: give --count or --roster, not both → omr generate --count 20 --out sheets.pdf   or   omr generate --roster roster.csv --out sheets.pdf']);
    r = await run(['generate', '--count', 'abc', '--out', pdf]);
    expect(r.err).toEqual(['omr: --count "abc" must be a whole number → e.g. --count 20']);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{"id": "x"');
    r = await run(['generate', '--count', '2', '--template', bad, '--out', pdf]);
    expect(r.code).toBe(2);
    expect(r.err[0]).toMatch(/^omr: .*bad\.json: the template is not valid JSON/);
    expect(readdirSync(dir)).toEqual(['bad.json']);
  });
});
