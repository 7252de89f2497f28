/**
 * Where the flag labels go on annotated pages and review crops, so that they hide nothing:
 * never next to the bubbles (the neighbouring column's question numbers are there), but in a
 * white strip added beside the picture, one label per flagged group at its row's height
 * (stacked when rows are close), naming the group ("câu 57: nhiều ô"), in the page's language.
 * Pure geometry in one unit (layout points or output pixels), tested against the layout's
 * question-number boxes.
 */
import { render, msg, type Lang } from '../i18n/index.js';
import type { Layout } from '../template/layout.js';
import type { Rect } from '../template/schema.js';

/** Font size of the question numbers printed on the sheet (print/artwork.ts), points. */
export const QUESTION_NUMBER_SIZE = 8.5;
/** Font size of the flag labels, points (scaled with the picture). */
export const LABEL_SIZE = 8;
/** Width of the label strip added to the right of an annotated page, points. */
export const LABEL_STRIP = 110;

/** A generous estimate of a text's width (sans-serif; Vietnamese diacritics do not widen). */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.6;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const intersects = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The boxes of the printed question numbers (right-aligned at x, centred on y), layout points. */
export function questionNumberBoxes(layout: Layout): (Box & { text: string })[] {
  return layout.questionLabels.map((q) => {
    const w = textWidth(q.text, QUESTION_NUMBER_SIZE);
    return { text: q.text, x: q.x - w, y: q.y - QUESTION_NUMBER_SIZE / 2, w, h: QUESTION_NUMBER_SIZE };
  });
}

/** "câu 57: nhiều ô" (or "q57: multiple"): the label of one flagged group. */
export function flagLabel(lang: Lang, key: string, reason: string | undefined): string {
  return render(lang, msg('annot.flag', { key, reason: reason ?? '' }));
}

export interface LabelRequest {
  text: string;
  /** Height of the flagged row's centre, in the unit of the result. */
  y: number;
}

/**
 * Place labels in a strip starting at `x`: each at its row's height, pushed down just enough
 * not to overlap the one above (in order of height). `size` is the font size in the same unit.
 */
export function stackLabels(items: LabelRequest[], x: number, size: number): (Box & { text: string })[] {
  const h = size * 1.3;
  let bottom = -Infinity;
  // by height, rows at the same height (the same row of every column) in the order given
  const row = (it: LabelRequest) => Math.round(it.y / h);
  return [...items]
    .sort((a, b) => row(a) - row(b))
    .map((it) => {
      const y = Math.max(it.y - h / 2, bottom + size * 0.2);
      bottom = y + h;
      return { text: it.text, x, y, w: textWidth(it.text, size), h };
    });
}

/**
 * The region of a question row cut for a review crop, layout points: from just left of its
 * own question number to just past its last bubble, never reaching the next column's number.
 */
export function questionRowRegion(layout: Layout, groupKey: string): Rect | null {
  const g = layout.groups.find((x) => x.key === groupKey);
  if (!g || !g.options.length) return null;
  const r = Math.max(...g.options.map((o) => o.r));
  const own = questionNumberBoxes(layout).find((b) => b.text === String(g.index));
  const x0 = Math.min(own ? own.x - 3 : Infinity, Math.min(...g.options.map((o) => o.x)) - r - 24);
  const x1 = Math.max(...g.options.map((o) => o.x)) + r + 4;
  // 4 pt above and below: the rows next to it show as slivers of bubbles, never their numbers
  const y0 = Math.min(...g.options.map((o) => o.y)) - r - 4;
  const y1 = Math.max(...g.options.map((o) => o.y)) + r + 4;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
