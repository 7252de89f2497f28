import type { Issue } from '../errors.js';
import { msg, render, type MsgRef } from '../i18n/index.js';
import { buildLayout } from './layout.js';
import type { Rect, Template } from './schema.js';

const intersects = (a: Rect, b: Rect): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const grow = (r: Rect, d: number): Rect => ({ x: r.x - d, y: r.y - d, w: r.w + 2 * d, h: r.h + 2 * d });

const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x - 1e-6 &&
  inner.y >= outer.y - 1e-6 &&
  inner.x + inner.w <= outer.x + outer.w + 1e-6 &&
  inner.y + inner.h <= outer.y + outer.h + 1e-6;

/** Smallest distance from the paper edge to a registration mark: 8 mm. */
export const MIN_MARK_INSET = 8 * (72 / 25.4);
/** Smallest gap between the printed rings of two bubbles. */
export const MIN_BUBBLE_GAP = 1;

/**
 * Cross-field rules a schema cannot express. Returns every problem found, each with the path
 * of the template field to change.
 */
export function checkTemplateRules(t: Template): Issue[] {
  const issues: Issue[] = [];
  const add = (m: MsgRef, path: string) => issues.push({ message: render('en', m), msg: m, path });

  // Parts: ordered, in range, covering every question exactly once.
  const a = t.answers;
  const owner = new Array<number>(a.questions + 1).fill(-1);
  a.parts.forEach((p, i) => {
    if (p.from > p.to) add(msg('rule.partOrder', { part: i + 1, from: p.from, to: p.to }), `answers.parts[${i}]`);
    if (p.to > a.questions) add(msg('rule.partEnd', { part: i + 1, to: p.to, questions: a.questions }), `answers.parts[${i}].to`);
    for (let q = p.from; q <= Math.min(p.to, a.questions); q++) {
      if (owner[q] >= 0) add(msg('rule.twoParts', { q, a: owner[q] + 1, b: i + 1 }), `answers.parts[${i}]`);
      else owner[q] = i;
    }
  });
  const missing = owner.slice(1).map((o, i) => (o < 0 ? i + 1 : 0)).filter((q) => q > 0);
  if (missing.length) add(msg('rule.noPart', { list: `${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` }), 'answers.parts');
  if (new Set(a.options).size !== a.options.length) add(msg('rule.optionsUnique'), 'answers.options');
  const fieldKeys = t.info.fields.map((f) => f.key);
  if (new Set(fieldKeys).size !== fieldKeys.length) add(msg('rule.fieldsUnique'), 'info.fields');
  if (t.registration.inset < MIN_MARK_INSET - 1e-6)
    add(msg('rule.inset', { pt: MIN_MARK_INSET.toFixed(2) }), 'registration.inset');
  if (t.registration.keySize >= t.registration.size)
    add(msg('rule.keySize'), 'registration.keySize');
  if (issues.length) return issues;

  const l = buildLayout(t);
  const keys = new Set<string>();
  for (const g of l.groups) {
    if (keys.has(g.key)) add(msg('rule.groupTwice', { key: g.key }), g.kind === 'question' ? 'answers' : `candidate.${g.kind}`);
    keys.add(g.key);
  }

  const printable: Rect = { x: t.registration.inset, y: t.registration.inset, w: t.page.width - 2 * t.registration.inset, h: t.page.height - 2 * t.registration.inset };
  const pathOf = (kind: string): string =>
    kind === 'question' ? 'answers' : kind === 'sbd' ? 'candidate.sbd' : kind === 'made' ? 'candidate.made' : kind;

  // Bubbles inside the printable area.
  const bubbles = l.groups.flatMap((g) => g.options.map((o) => ({ g, o })));
  for (const { g, o } of bubbles) {
    const box = { x: o.x - o.r, y: o.y - o.r, w: 2 * o.r, h: 2 * o.r };
    if (!inside(box, printable)) {
      add(msg('rule.bubbleOutside', { bubble: `${g.key}.${o.value}` }), pathOf(g.kind));
      break;
    }
  }

  // Bubbles must not overlap (nor nearly touch).
  const sorted = [...bubbles].sort((p, q) => p.o.x - q.o.x);
  const minD = 2 * t.bubble.radius + t.bubble.stroke + MIN_BUBBLE_GAP;
  outer: for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].o.x - sorted[i].o.x < minD; j++) {
      const p = sorted[i], q = sorted[j];
      if (Math.hypot(p.o.x - q.o.x, p.o.y - q.o.y) < minD) {
        let path: string;
        if (p.g.kind !== q.g.kind) path = p.g.kind === 'question' || q.g.kind === 'question' ? 'answers' : 'candidate';
        else if (p.g.kind === 'question') path = p.g === q.g ? 'answers.optionPitch' : 'answers';
        else path = p.g === q.g ? 'candidate.rowPitch' : 'candidate.columnPitch';
        add(msg('rule.bubbleOverlap', { a: `${p.g.key}.${p.o.value}`, b: `${q.g.key}.${q.o.value}` }), path);
        break outer;
      }
    }
  }

  // Blocks of the sheet: inside the printable area and not overlapping each other.
  const block = (name: string, part?: number): MsgRef => msg('rule.block', { name, part: part ?? null });
  const blocks: { name: MsgRef; path: string; rect: Rect }[] = [
    { name: block('header'), path: 'header', rect: l.header },
    { name: block('title'), path: 'titleBox', rect: l.titleBox },
    { name: block('qr'), path: 'identity.qr', rect: l.qr },
    { name: block('info'), path: 'info', rect: l.info },
    { name: block('instructions'), path: 'instructions', rect: l.instructions },
    { name: block('signatures'), path: 'signatures', rect: l.signatures },
    { name: block('sbd'), path: 'candidate.sbd', rect: l.grids.sbd.frame },
    { name: block('made'), path: 'candidate.made', rect: l.grids.made.frame },
    ...l.parts.map((p, i) => ({ name: block('part', p.number), path: `answers.parts[${i}]`, rect: p.frame })),
  ];
  for (const b of blocks) {
    if (!inside(b.rect, printable)) add(msg('rule.blockOutside', { block: b.name }), b.path);
  }
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (intersects(blocks[i].rect, blocks[j].rect)) add(msg('rule.blockOverlap', { a: blocks[j].name, b: blocks[i].name }), blocks[j].path);
    }
  }

  // Registration marks and the orientation key keep a quiet zone free of everything else.
  const qz = t.registration.quietZone;
  for (const m of l.marks) {
    const zone = grow({ x: m.x - m.size / 2, y: m.y - m.size / 2, w: m.size, h: m.size }, qz);
    for (const b of blocks) {
      if (intersects(zone, b.rect)) add(msg('rule.quietZone', { block: b.name, mark: m.id }), b.path);
    }
  }
  return issues;
}
