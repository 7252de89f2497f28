/**
 * Issue 8 item 16: the flag labels on annotated pages and review crops hide nothing. A real
 * sheet (printed, rasterised, bubbled twice in every answer column, read by the scanner code)
 * is annotated and cropped; every label box is checked against every printed question-number
 * box computed from the layout (not from pixels), mapped into the picture the same way.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatePage, annotationPlan } from '../src/scan/annotate.js';
import { intersects, questionNumberBoxes, type Box } from '../src/scan/labels.js';
import { readPage, type PageRead } from '../src/scan/read.js';
import { loadLayout } from '../src/template/load.js';
import type { GrayImage } from '../src/util/raster.js';
import { cropGroup, cropPlan } from '../src/workspace/crop.js';
import { candidates, makeScans } from './workspace-helpers.js';

const { layout } = loadLayout();
const DOUBLES = [17, 37, 38, 57, 77, 97]; // one row in each answer column, two rows next to each other
const tmp = mkdtempSync(path.join(tmpdir(), 'omr-labels-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let img: GrayImage;
let read: PageRead;
beforeAll(async () => {
  const [file] = await makeScans(tmp, [{ serial: '000001', candidate: candidates(1)[0], sbd: '000001', made: '101', correct: 60, marks: Object.fromEntries(DOUBLES.map((q) => [q, 'double' as const])) }], { dpi: 150 });
  const raw = await sharp(readFileSync(file)).greyscale().raw().toBuffer({ resolveWithObject: true });
  img = { data: new Uint8Array(raw.data), width: raw.info.width, height: raw.info.height };
  read = await readPage(img, layout, { source: 'scan-001.jpg', page: 1 });
}, 180_000);

/** A layout box → its bounding box in output pixels. */
function mapBox(b: Box, to: (x: number, y: number) => [number, number]): Box {
  const pts = [to(b.x, b.y), to(b.x + b.w, b.y), to(b.x + b.w, b.y + b.h), to(b.x, b.y + b.h)];
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  return { x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
}

describe('flag labels hide no question number', () => {
  it('annotated page: one label per flagged row, in Vietnamese, in a strip clear of every printed number and bubble', async () => {
    expect(read.result.status).toBe('ok');
    const flagged = Object.entries(read.result.groups ?? {}).filter(([, g]) => g.flagged).map(([k]) => k);
    expect(flagged.sort()).toEqual(DOUBLES.map((q) => `q${q}`).sort());
    const plan = annotationPlan(img, layout, read);
    expect(plan.labels.map((l) => l.text).sort()).toEqual(DOUBLES.map((q) => `câu ${q}: nhiều ô`).sort());
    const numbers = questionNumberBoxes(layout).map((b) => mapBox(b, plan.toOut!));
    const bubbles = layout.groups.flatMap((g) => g.options.map((o) => mapBox({ x: o.x - o.r, y: o.y - o.r, w: 2 * o.r, h: 2 * o.r }, plan.toOut!)));
    expect(numbers).toHaveLength(100);
    for (const l of plan.labels) {
      expect(numbers.filter((n) => intersects(l, n)), l.text).toEqual([]);
      expect(bubbles.filter((n) => intersects(l, n)), l.text).toEqual([]);
      expect(l.x + l.w).toBeLessThanOrEqual(plan.width);
    }
    // labels do not overlap one another (câu 37 and 38 are neighbours)
    for (const a of plan.labels) for (const b of plan.labels) if (a !== b) expect(intersects(a, b), `${a.text} / ${b.text}`).toBe(false);
    // the QR box is drawn around the printed code, clear of the date and place line left of it
    expect(plan.svg).toContain('stroke-dasharray');
    const jpeg = await annotatePage(img, layout, read);
    const meta = await sharp(jpeg).metadata();
    expect([meta.width, meta.height]).toEqual([plan.width, plan.height]);
    expect(plan.width).toBeGreaterThan(plan.pageWidth);
    expect(annotationPlan(img, layout, read, 'en').labels.map((l) => l.text)).toContain('q57: multiple');
  });

  it('review crop: the row alone (no neighbouring number), its label in a band beside it', async () => {
    const numbers = questionNumberBoxes(layout);
    for (const q of DOUBLES) {
      const plan = cropPlan(layout, `q${q}`, 'multiple')!;
      const { region, label } = plan;
      // the picture shows its own question number and no other
      const shown = numbers.filter((n) => intersects(n, region));
      expect(shown.map((n) => n.text), `câu ${q}`).toEqual([String(q)]);
      // the label sits right of the picture, over nothing printed
      const local = shown.map((n) => ({ ...n, x: n.x - region.x, y: n.y - region.y }));
      expect(label.x).toBeGreaterThanOrEqual(region.w);
      expect(local.filter((n) => intersects(label, n))).toEqual([]);
      expect(label.text).toBe(`câu ${q}: nhiều ô`);
    }
    const r = read.result;
    const jpeg = await cropGroup({ input: { data: img.data, width: img.width, height: img.height }, width: img.width, height: img.height }, layout, r, 'q57');
    const plan = cropPlan(layout, 'q57', 'multiple')!;
    const meta = await sharp(jpeg!).metadata();
    expect(meta.width).toBe(Math.round(plan.region.w * 3) + Math.round(plan.band * 3));
  });
});
