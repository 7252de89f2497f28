import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildLayout, layoutContract } from './layout.js';
import { DEFAULT_TEMPLATE, loadTemplate, validateTemplate } from './load.js';

const raw = (): any => JSON.parse(readFileSync(DEFAULT_TEMPLATE, 'utf8'));

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('default template', () => {
  it('is valid and gives the GUIDE §3 contract', () => {
    const l = buildLayout(loadTemplate());
    const c = layoutContract(l) as any;
    expect(c.template).toBe('sat-hach-100');
    expect(c.version).toBe(1);
    expect(c.page).toEqual({ width: 595.28, height: 841.89 });
    const keys = c.groups.map((g: any) => g.key);
    expect(keys.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => `q${i + 1}`));
    expect(keys.slice(100)).toEqual(['sbd.0', 'sbd.1', 'sbd.2', 'sbd.3', 'sbd.4', 'sbd.5', 'made.0', 'made.1', 'made.2']);
    expect(c.groups[0].options.map((o: any) => o.value)).toEqual(['A', 'B', 'C', 'D']);
    expect(c.groups[100].options.map((o: any) => o.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    // columns left to right
    expect(c.groups[101].options[0].x).toBeGreaterThan(c.groups[100].options[0].x);
    // bubbles 4.5-5 mm across
    const dMm = (2 * c.groups[0].options[0].r) / (72 / 25.4);
    expect(dMm).toBeGreaterThanOrEqual(4.5);
    expect(dMm).toBeLessThanOrEqual(5);
    // Phần I in the first two columns, Phần II after
    expect(l.groups[39].part).toBe(1);
    expect(l.groups[40].part).toBe(2);
  });

  it('keeps registration marks at least 8 mm inside the paper edge', () => {
    const l = buildLayout(loadTemplate());
    const mm8 = 8 * (72 / 25.4);
    for (const m of l.marks) {
      expect(m.x - m.size / 2).toBeGreaterThanOrEqual(mm8);
      expect(m.y - m.size / 2).toBeGreaterThanOrEqual(mm8);
      expect(l.page.width - (m.x + m.size / 2)).toBeGreaterThanOrEqual(mm8);
      expect(l.page.height - (m.y + m.size / 2)).toBeGreaterThanOrEqual(mm8);
    }
  });
});

describe('template rules give pinned messages', () => {
  it('negative radius (schema)', () => {
    const t = raw();
    t.bubble.radius = -1;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toBe('x.json: ✖ must be positive → at bubble.radius');
  });
  it('overlapping options', () => {
    const t = raw();
    t.answers.optionPitch = 10;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toContain('✖ bubble q1.A overlaps q1.B → at answers.optionPitch');
  });
  it('question in two parts', () => {
    const t = raw();
    t.answers.parts[1].from = 40;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toBe('x.json: ✖ question 40 is in part 1 and part 2 → at answers.parts[1]');
  });
  it('questions in no part', () => {
    const t = raw();
    t.answers.parts[1].to = 98;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toBe('x.json: ✖ questions 99, 100 are in no part → at answers.parts');
  });
  it('block in the quiet zone of a mark', () => {
    const t = raw();
    t.header.x = 60;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toBe('x.json: ✖ header is inside the quiet zone of registration mark key → at header');
  });
  it('marks too close to the paper edge', () => {
    const t = raw();
    t.registration.inset = 15;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toBe('x.json: ✖ registration marks must be at least 8 mm (22.68 pt) inside the paper edge → at registration.inset');
  });
  it('unknown field', () => {
    const t = raw();
    t.answers.colums = 4;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toMatch(/✖ .*colums.* → at answers/);
  });
  it('answers outside the page', () => {
    const t = raw();
    t.answers.columnPitch = 110;
    expect(messageOf(() => validateTemplate(t, 'x.json'))).toContain('→ at answers');
  });
});
