import type { Rect, Template } from './schema.js';

/** One bubble: centre and outer radius of the printed ring, PDF points, top-left origin. */
export interface BubbleOption {
  value: string;
  x: number;
  y: number;
  r: number;
}

export type GroupKind = 'question' | 'sbd' | 'made';

export interface Group {
  key: string;
  kind: GroupKind;
  /** Question number (1-based) for question groups, column index for sbd/made. */
  index: number;
  /** Part number (1-based) for question groups. */
  part?: number;
  options: BubbleOption[];
}

export type MarkId = 'tl' | 'tr' | 'br' | 'bl';

/** A solid square registration mark; x, y is its centre. */
export interface Mark {
  id: MarkId | 'key';
  x: number;
  y: number;
  size: number;
}

export interface TextAnchor {
  text: string;
  x: number;
  y: number;
}

export interface GridGeometry {
  label: string;
  digits: number;
  /** Write-in box above each digit column. */
  writeBoxes: Rect[];
  /** Frame around the label, write-in boxes and bubbles. */
  frame: Rect;
  labelAnchor: TextAnchor;
}

export interface PartGeometry {
  number: number;
  title: string;
  from: number;
  to: number;
  titleBox: Rect;
  frame: Rect;
}

export interface Layout {
  template: string;
  version: number;
  title: string;
  page: { width: number; height: number };
  groups: Group[];
  marks: Mark[];
  qr: Rect;
  serial: { x: number; y: number; size: number };
  header: Rect;
  titleBox: Rect;
  info: Rect & { fields: { key: string; label: string }[] };
  instructions: Rect;
  signatures: Rect & { boxes: string[] };
  grids: { sbd: GridGeometry; made: GridGeometry };
  parts: PartGeometry[];
  /** Question numbers printed left of each answer row (right-aligned at x). */
  questionLabels: TextAnchor[];
  bubbleStroke: number;
  bubbleLabelSize: number;
}

const round = (v: number): number => Math.round(v * 100) / 100;

export function questionPosition(t: Template, q: number): { col: number; row: number } {
  const a = t.answers;
  return { col: Math.floor((q - 1) / a.rowsPerColumn), row: (q - 1) % a.rowsPerColumn };
}

function answerRowY(t: Template, row: number): number {
  const a = t.answers;
  const block = Math.floor(row / a.blockRows);
  return a.y + a.partTitleHeight + a.rowPitch / 2 + row * a.rowPitch + block * a.blockGap;
}

function answerColumnX(t: Template, col: number): number {
  return t.answers.x + col * t.answers.columnPitch;
}

/** Bottom edge of the answer area. */
function answersBottom(t: Template): number {
  const a = t.answers;
  const rows = Math.min(a.rowsPerColumn, a.questions);
  return answerRowY(t, rows - 1) + a.rowPitch / 2 + 2;
}

function partOf(t: Template, q: number): number {
  const i = t.answers.parts.findIndex((p) => q >= p.from && q <= p.to);
  return i + 1;
}

function gridGeometry(t: Template, which: 'sbd' | 'made'): { groups: Group[]; geo: GridGeometry } {
  const c = t.candidate;
  const g = c[which];
  const r = t.bubble.radius;
  const groups: Group[] = [];
  const writeBoxes: Rect[] = [];
  for (let col = 0; col < g.digits; col++) {
    const x = g.x + col * c.columnPitch;
    const options: BubbleOption[] = [];
    for (let d = 0; d < 10; d++) {
      options.push({ value: String(d), x: round(x), y: round(g.y + d * c.rowPitch), r: round(r) });
    }
    groups.push({ key: `${which}.${col}`, kind: which, index: col, options });
    const bw = c.columnPitch - 2;
    writeBoxes.push({ x: round(x - bw / 2), y: round(g.y - r - 4 - c.writeBox), w: round(bw), h: round(c.writeBox) });
  }
  const labelH = 14;
  const left = g.x - c.columnPitch / 2 - 3;
  const top = g.y - r - 4 - c.writeBox - labelH - 2;
  const right = g.x + (g.digits - 1) * c.columnPitch + c.columnPitch / 2 + 3;
  const bottom = g.y + 9 * c.rowPitch + r + 4;
  const frame = { x: round(left), y: round(top), w: round(right - left), h: round(bottom - top) };
  return {
    groups,
    geo: {
      label: g.label,
      digits: g.digits,
      writeBoxes,
      frame,
      labelAnchor: { text: g.label, x: round((left + right) / 2), y: round(top + labelH - 3) },
    },
  };
}

/**
 * Turn a template into geometry: every bubble, mark and text box, in PDF points.
 * The one function used both to print a sheet and to read it back.
 */
export function buildLayout(t: Template): Layout {
  const { width: W, height: H } = t.page;
  const reg = t.registration;
  const half = reg.size / 2;
  const marks: Mark[] = [
    { id: 'tl', x: reg.inset + half, y: reg.inset + half, size: reg.size },
    { id: 'tr', x: W - reg.inset - half, y: reg.inset + half, size: reg.size },
    { id: 'br', x: W - reg.inset - half, y: H - reg.inset - half, size: reg.size },
    { id: 'bl', x: reg.inset + half, y: H - reg.inset - half, size: reg.size },
    { id: 'key', x: reg.inset + reg.size + reg.keyGap + reg.keySize / 2, y: reg.inset + half, size: reg.keySize },
  ].map((m) => ({ ...m, x: round(m.x), y: round(m.y), size: round(m.size) })) as Mark[];

  const a = t.answers;
  const r = t.bubble.radius;
  const groups: Group[] = [];
  const questionLabels: TextAnchor[] = [];
  for (let q = 1; q <= a.questions; q++) {
    const { col, row } = questionPosition(t, q);
    const y = answerRowY(t, row);
    const x0 = answerColumnX(t, col) + a.labelWidth + r;
    groups.push({
      key: `q${q}`,
      kind: 'question',
      index: q,
      part: partOf(t, q),
      options: a.options.map((value, k) => ({ value, x: round(x0 + k * a.optionPitch), y: round(y), r: round(r) })),
    });
    questionLabels.push({ text: String(q), x: round(x0 - r - 3), y: round(y) });
  }

  const sbd = gridGeometry(t, 'sbd');
  const made = gridGeometry(t, 'made');
  groups.push(...sbd.groups, ...made.groups);

  const bottom = answersBottom(t);
  const parts: PartGeometry[] = a.parts.map((p, i) => {
    const c0 = questionPosition(t, p.from).col;
    const c1 = questionPosition(t, p.to).col;
    const x = answerColumnX(t, c0) - 2;
    const w = (c1 - c0 + 1) * a.columnPitch - 4;
    return {
      number: i + 1,
      title: p.title,
      from: p.from,
      to: p.to,
      titleBox: { x: round(x), y: round(a.y), w: round(w), h: round(a.partTitleHeight - 3) },
      frame: { x: round(x), y: round(a.y), w: round(w), h: round(bottom - a.y) },
    };
  });

  return {
    template: t.id,
    version: t.version,
    title: t.title,
    page: { width: W, height: H },
    groups,
    marks,
    qr: { x: t.identity.qr.x, y: t.identity.qr.y, w: t.identity.qr.size, h: t.identity.qr.size },
    serial: { ...t.identity.serial },
    header: t.header,
    titleBox: t.titleBox,
    info: t.info,
    instructions: t.instructions,
    signatures: t.signatures,
    grids: { sbd: sbd.geo, made: made.geo },
    parts,
    questionLabels,
    bubbleStroke: t.bubble.stroke,
    bubbleLabelSize: t.bubble.labelSize,
  };
}

/** The public `omr layout` JSON contract (GUIDE.md §3), plus the registration marks. */
export function layoutContract(l: Layout): object {
  return {
    template: l.template,
    version: l.version,
    page: l.page,
    groups: l.groups.map((g) => ({ key: g.key, options: g.options.map((o) => ({ value: o.value, x: o.x, y: o.y, r: o.r })) })),
    marks: l.marks.map((m) => ({ id: m.id, x: m.x, y: m.y, size: m.size })),
    qr: l.qr,
  };
}
