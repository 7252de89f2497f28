import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../template/load.js';
import { bandOf, consequencesOf, CONSEQUENCE_NOT_EXCELLENT, CONSEQUENCE_TWICE_FAILED, DEFAULT_BANDS, validateBands } from './bands.js';
import { keyFingerprint, type AnswerKey } from './keys.js';
import { normaliseAnswer, scoreRules, scoreSheet, type AnswerRead } from './score.js';

const rules = scoreRules(loadTemplate());
const opts = ['A', 'B', 'C', 'D'];
const answers: Record<number, string> = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [i + 1, opts[i % 4]]));
const key: AnswerKey = { examCode: '101', answers, fingerprint: keyFingerprint('101', answers), file: 'k.csv', fileFingerprint: 'x' };
const wrongOf = (v: string): string => opts[(opts.indexOf(v) + 1) % 4];

/** A sheet with the first `correct` answers right and the rest wrong. */
function sheet(correct: number): Record<number, AnswerRead> {
  return Object.fromEntries(Array.from({ length: 100 }, (_, i) => [i + 1, { value: i < correct ? answers[i + 1] : wrongOf(answers[i + 1]), flagged: false }]));
}

describe('scoreSheet', () => {
  it('takes the parts from the template: Phần I /40, Phần II /60, total /100', () => {
    const s = scoreSheet(sheet(100), key, rules);
    expect(s.parts.map((p) => [p.from, p.to, p.score, p.max])).toEqual([
      [1, 40, 40, 40],
      [41, 100, 60, 60],
    ]);
    expect(s.total).toBe(100);
    expect(s.max).toBe(100);
    expect(s.keyFingerprint).toBe(key.fingerprint);
    const s45 = scoreSheet(sheet(45), key, rules);
    expect([s45.parts[0].score, s45.parts[1].score, s45.total]).toEqual([40, 5, 45]);
  });

  it('scores blank, multiple and flagged answers 0 and counts them separately', () => {
    const a = sheet(100);
    a[1] = { value: '', flagged: false };
    a[2] = { value: 'AB', flagged: false };
    a[3] = { value: 'C', flagged: true, reason: 'light' }; // the right answer, but still flagged
    a[4] = { value: 'AD', flagged: true, reason: 'multiple' };
    a[5] = { value: 'B', flagged: false }; // wrong (key A)
    delete a[50]; // missing from the scan: flagged
    const s = scoreSheet(a, key, rules);
    expect(s.counts).toEqual({ correct: 94, wrong: 1, blank: 1, multiple: 1, flaggedUnresolved: 3 });
    expect(s.total).toBe(94);
    expect(s.parts[0].counts).toEqual({ correct: 35, wrong: 1, blank: 1, multiple: 1, flaggedUnresolved: 2 });
    expect(s.questions[49]).toMatchObject({ question: 50, status: 'flagged', read: { reason: 'missing' }, points: 0 });
  });

  it('applies overrides for scoring only; the automatic read stays beside', () => {
    const a = sheet(100);
    a[3] = { value: 'C', flagged: true, reason: 'light' };
    a[7] = { value: 'A', flagged: false }; // key C
    const before = scoreSheet(a, key, rules);
    expect(before.total).toBe(98);
    const s = scoreSheet(a, key, rules, [
      { field: 'answer', question: 3, value: 'c', by: 'Lan', reason: 'tô mờ nhưng rõ' },
      { field: 'answer', question: 7, value: 'C', by: 'Lan' },
      { field: 'sbd', value: '000001' }, // ignored here
    ]);
    expect(s.total).toBe(100);
    expect(s.counts.flaggedUnresolved).toBe(0);
    expect(s.questions[6]).toMatchObject({ read: { value: 'A', flagged: false }, answer: 'C', status: 'correct', override: { by: 'Lan' } });
    expect(s.overrides.map((o) => o.question)).toEqual([3, 7]);
    expect(a[7].value).toBe('A'); // input untouched
    // an override to blank
    expect(scoreSheet(a, key, rules, [{ field: 'answer', question: 1, value: '' }]).questions[0].status).toBe('blank');
    expect(() => scoreSheet(a, key, rules, [{ field: 'answer', question: 1, value: 'E' }])).toThrow('override for câu 1: "E" is not blank or a combination of A, B, C, D');
  });

  it('normalises answer values', () => {
    expect(normaliseAnswer('ca', opts)).toBe('AC');
    expect(normaliseAnswer(' ', opts)).toBe('');
    expect(normaliseAnswer('E', opts)).toBeNull();
  });
});

describe('bands', () => {
  const cases: [number, string][] = [
    [0, 'Không đạt'],
    [49, 'Không đạt'],
    [50, 'Trung bình'],
    [69, 'Trung bình'],
    [70, 'Khá'],
    [89, 'Khá'],
    [90, 'Tốt'],
    [100, 'Tốt'],
  ];
  it.each(cases)('total %i → %s (scored from a sheet)', (total, band) => {
    expect(bandOf(scoreSheet(sheet(total), key, rules).total).name).toBe(band);
  });

  it('consequences: Trung bình or below, and a second consecutive Không đạt', () => {
    expect(consequencesOf('Tốt')).toEqual([]);
    expect(consequencesOf('Khá')).toEqual([]);
    expect(consequencesOf('Trung bình')).toEqual([CONSEQUENCE_NOT_EXCELLENT]);
    expect(consequencesOf('Không đạt')).toEqual(['Không xét hoàn thành xuất sắc nhiệm vụ']);
    expect(consequencesOf('Không đạt', DEFAULT_BANDS, 'KHÔNG  ĐẠT')).toEqual([
      'Không xét hoàn thành xuất sắc nhiệm vụ',
      'Không đạt 02 lần liên tiếp: xem xét tinh giản biên chế',
    ]);
    expect(consequencesOf('Không đạt', DEFAULT_BANDS, 'Trung bình')).toEqual([CONSEQUENCE_NOT_EXCELLENT]);
    expect(consequencesOf('Trung bình', DEFAULT_BANDS, 'Không đạt')).toEqual([CONSEQUENCE_NOT_EXCELLENT]);
    expect(CONSEQUENCE_TWICE_FAILED).toBe('Không đạt 02 lần liên tiếp: xem xét tinh giản biên chế');
  });

  it('takes a configured list from the exam file', () => {
    const bands = validateBands([
      { name: 'Không đạt', min: 0 },
      { name: 'Đạt', min: 60 },
      { name: 'Tốt', min: 85 },
    ]);
    expect(bands.map((b) => b.name)).toEqual(['Tốt', 'Đạt', 'Không đạt']);
    expect([59, 60, 84, 85].map((t) => bandOf(t, bands).name)).toEqual(['Không đạt', 'Đạt', 'Đạt', 'Tốt']);
    // no "Trung bình" in the list: the two lowest bands are "Trung bình or below"
    expect(consequencesOf('Đạt', bands)).toEqual([CONSEQUENCE_NOT_EXCELLENT]);
    expect(consequencesOf('Tốt', bands)).toEqual([]);
    expect(() => validateBands([{ name: 'Tốt', min: 90 }], 'exam.json')).toThrow('exam.json: ✖ one band must start at 0 (min: 0), so every total has a band → at bands');
    expect(() => validateBands([{ name: 'A', min: 0 }, { name: 'a', min: 5 }])).toThrow('✖ band "a" is given twice → at bands[1].name');
  });
});
