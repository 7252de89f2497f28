import { describe, expect, it } from 'vitest';
import { canonicalKey, formatRanges, keyFingerprint, mergeKeySets, parseKeyFile, sha256, type KeyRules } from './keys.js';

const rules: KeyRules = { questions: 100, options: ['A', 'B', 'C', 'D'], codeDigits: 3 };
const opts = ['A', 'B', 'C', 'D'];

function csvFor(code: string, shift = 0): string[] {
  return Array.from({ length: 100 }, (_, i) => `${code},${i + 1},${opts[(i + shift) % 4]}`);
}

describe('answer keys', () => {
  it('reads several mã đề from one CSV with BOM and CRLF, lower case accepted, leading zeros kept', () => {
    const text = '\uFEFFma_de,cau,dap_an\r\n' + [...csvFor('101'), ...csvFor('007', 1).map((l) => l.toLowerCase())].join('\r\n') + '\r\n';
    const set = parseKeyFile(text, 'keys.csv', rules);
    expect(set.issues).toEqual([]);
    expect(Object.keys(set.keys).sort()).toEqual(['007', '101']);
    expect(set.keys['101'].answers[1]).toBe('A');
    expect(set.keys['007'].answers[1]).toBe('B');
    expect(set.keys['101'].fingerprint).toBe(sha256(canonicalKey('101', set.keys['101'].answers)));
    expect(set.files[0]).toEqual({ file: 'keys.csv', fingerprint: sha256(Buffer.from(text, 'utf8')), examCodes: ['101', '007'], rows: 200 });
    // the fingerprint is of the canonical form: the same key written differently gives the same one
    const again = parseKeyFile('ma_de;cau;dap_an\n' + csvFor('101').reverse().map((l) => l.replace(/,/g, ';')).join('\n'), 'other.csv', rules);
    expect(again.keys['101'].fingerprint).toBe(set.keys['101'].fingerprint);
  });

  it('canonical form is the plain CSV text', () => {
    expect(canonicalKey('101', { 2: 'B', 1: 'A' })).toBe('ma_de,cau,dap_an\n101,1,A\n101,2,B\n');
    expect(keyFingerprint('101', { 1: 'A', 2: 'B' })).toBe(sha256('ma_de,cau,dap_an\n101,1,A\n101,2,B\n'));
  });

  it('reports each problem on one line with file, row and fix; a bad mã đề is unusable, the others still usable', () => {
    const lines = ['ma_de,cau,dap_an', ...csvFor('101'), ...csvFor('102')];
    // line numbers: header 1, mã đề 101 câu q at line q+1, 102 câu q at line q+101
    lines[10] = '101,41,B'; // line 11: câu 41 given twice (the real one at line 42), câu 10 missing
    lines[120] = '102,20,E'; // line 121: bad option
    lines.push('1x1,3,A'); // line 202: bad mã đề
    lines.push('103,101,A'); // line 203: question out of range
    const set = parseKeyFile(lines.join('\n'), 'keys.csv', rules);
    expect(set.issues.map((i) => i.text)).toEqual([
      'keys.csv row 42: câu 41 of mã đề 101 appears twice (first at row 11: B, here: A) → keep one row',
      'keys.csv row 121: đáp án "E" for câu 20 of mã đề 102 is not one of A, B, C, D → write one of A, B, C, D',
      'keys.csv row 202: mã đề "1x1" is not 3 digits → write the mã đề as bubbled on the sheet, e.g. 101',
      'keys.csv row 203: câu 101 of mã đề 103 is outside 1-100 (the template has 100 questions) → fix the question number or the template',
      'keys.csv: mã đề 101 has no answer for câu 10 (1 of 100) → add one row per missing question',
      'keys.csv: mã đề 102 has no answer for câu 20 (1 of 100) → add one row per missing question',
      'keys.csv: mã đề 103 has no answer for câu 1-100 (100 of 100) → add one row per missing question',
    ]);
    expect(Object.keys(set.keys)).toEqual([]);
    expect(Object.keys(set.unusable).sort()).toEqual(['101', '102', '103']);
  });

  it('pins the duplicate message with different answers', () => {
    const lines = ['ma_de,cau,dap_an', ...csvFor('101'), '101,41,C'];
    const set = parseKeyFile(lines.join('\n'), 'keys.csv', rules);
    expect(set.issues.map((i) => i.text)).toEqual(['keys.csv row 102: câu 41 of mã đề 101 appears twice (first at row 42: A, here: C) → keep one row']);
    expect(set.unusable['101'].reasons).toHaveLength(1);
  });

  it('keeps good mã đề when another has problems', () => {
    const lines = ['ma_de,cau,dap_an', ...csvFor('101'), ...csvFor('102').slice(0, 99)];
    const set = parseKeyFile(lines.join('\n'), 'keys.csv', rules);
    expect(Object.keys(set.keys)).toEqual(['101']);
    expect(set.issues.map((i) => i.text)).toEqual(['keys.csv: mã đề 102 has no answer for câu 100 (1 of 100) → add one row per missing question']);
  });

  it('rejects a wrong header with the fix', () => {
    const set = parseKeyFile('made,question,answer\n101,1,A\n', 'k.csv', rules);
    expect(set.issues.map((i) => i.text)).toEqual([
      'k.csv row 1: the header must name the columns ma_de, cau, dap_an (missing: ma_de, cau, dap_an; found: made, question, answer) → make the first row exactly: ma_de,cau,dap_an',
    ]);
  });

  it('reads the JSON form (array of rows), item numbers as rows', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ ma_de: '101', cau: i + 1, dap_an: opts[i % 4].toLowerCase() }));
    const ok = parseKeyFile(JSON.stringify(rows), 'keys.json', rules);
    expect(ok.issues).toEqual([]);
    expect(ok.keys['101'].fingerprint).toBe(parseKeyFile(['ma_de,cau,dap_an', ...csvFor('101')].join('\n'), 'k.csv', rules).keys['101'].fingerprint);
    rows.push({ ma_de: '101', cau: 3, dap_an: 'C' });
    const dup = parseKeyFile(JSON.stringify(rows), 'keys.json', rules);
    expect(dup.issues.map((i) => i.text)).toEqual(['keys.json row 101: câu 3 of mã đề 101 appears twice (first at row 3, same answer) → keep one row']);
    expect(parseKeyFile('{"101": {}}', 'keys.json', rules).issues[0].text).toBe(
      'keys.json: a JSON key must be an array of {"ma_de": "101", "cau": 1, "dap_an": "A"} → write one object per question per mã đề',
    );
  });

  it('merges files: identical mã đề kept once, different ones unusable', () => {
    const a = parseKeyFile(['ma_de,cau,dap_an', ...csvFor('101')].join('\n'), 'a.csv', rules);
    const b = parseKeyFile(['ma_de,cau,dap_an', ...csvFor('101')].join('\n'), 'b.csv', rules);
    const c = parseKeyFile(['ma_de,cau,dap_an', ...csvFor('101', 1)].join('\n'), 'c.csv', rules);
    expect(Object.keys(mergeKeySets([a, b]).keys)).toEqual(['101']);
    const m = mergeKeySets([a, c]);
    expect(m.keys).toEqual({});
    expect(m.issues.map((i) => i.text)).toEqual(['c.csv: mã đề 101 is also in a.csv with different answers (câu 1-100) → keep the mã đề in one file only']);
  });

  it('formats ranges', () => {
    expect(formatRanges([9, 1, 2, 3, 7, 10])).toBe('1-3, 7, 9-10');
  });
});
