import { isOmrError } from '../errors.js';
import { parseIdentity } from '../identity/payload.js';
import type { Layout } from '../template/layout.js';
import type { GrayImage } from '../util/raster.js';
import { bilevelImage, decideSheet, type DecideOptions, type Thresholds } from './decide.js';
import { applyH } from './geometry.js';
import { measureBubbles, type GroupMeasure } from './measure.js';
import { decodeQr, type QrHit } from './qr.js';
import { readQrInPlace } from './qr-grid.js';
import { register, type Registration } from './register.js';
import { crop } from './sample.js';
import { kernels } from './kernels.js';
import { MAX_FIT_P95_MM, MAX_FIT_RESIDUAL_MM } from './fit-limits.js';
import type { PageResult, SheetIdentity } from './types.js';

export interface ReadOptions extends DecideOptions {
  source: string;
  page: number;
}

/** Everything learnt from one page: the contract result plus the evidence for annotation. */
export interface PageRead {
  result: PageResult;
  registration?: Registration;
  measures?: GroupMeasure[];
  thresholds?: Thresholds;
  qrBox?: { x: number; y: number; w: number; h: number };
}

/** Page-level problems a person should look at. */
export type PageFlag = 'qr_unreadable' | 'qr_invalid' | 'qr_other_template' | 'qr_position' | 'three_marks' | 'fit_error';

/** Largest acceptable mark-fit error, in points (≈0.7 mm). */
export const MAX_FIT_ERROR_PT = 2;
export { MAX_FIT_P95_MM, MAX_FIT_RESIDUAL_MM } from './fit-limits.js';

async function readIdentity(img: GrayImage, layout: Layout, reg: Registration): Promise<{ identity: SheetIdentity | null; flags: PageFlag[]; error?: string; box: PageRead['qrBox'] }> {
  const q = layout.qr;
  const pad = q.w * 0.3;
  const pts = [
    applyH(reg.h, q.x - pad, q.y - pad),
    applyH(reg.h, q.x + q.w + pad, q.y - pad),
    applyH(reg.h, q.x + q.w + pad, q.y + q.h + pad),
    applyH(reg.h, q.x - pad, q.y + q.h + pad),
  ];
  const x0 = Math.min(...pts.map((p) => p.x)), x1 = Math.max(...pts.map((p) => p.x));
  const y0 = Math.min(...pts.map((p) => p.y)), y1 = Math.max(...pts.map((p) => p.y));
  const box = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  // the printed symbol read module by module where the fit puts it, each block checked with the
  // printer's Reed-Solomon encoder (it sits where the marks say by construction); zxing on a crop otherwise
  const inPlace = readQrInPlace(img, reg.h, q);
  let hits: QrHit[];
  if (inPlace !== null) hits = [{ text: inPlace, corners: [] }];
  else {
    const region = crop(img, x0, y0, x1 - x0, y1 - y0);
    if (region.width < 20 || region.height < 20) return { identity: null, flags: ['qr_unreadable'], error: 'QR area outside the image', box };
    hits = await decodeQr(region);
  }
  if (!hits.length) return { identity: null, flags: ['qr_unreadable'], error: 'no QR code could be read', box };
  const flags: PageFlag[] = [];
  let identity: SheetIdentity | null = null;
  let error: string | undefined;
  for (const hit of hits) {
    try {
      identity = parseIdentity(hit.text);
      // the QR must sit where the marks say it is
      if (hit.corners.length) {
        const cx = hit.corners.reduce((s, p) => s + p.x, 0) / 4 + Math.max(0, Math.floor(x0));
        const cy = hit.corners.reduce((s, p) => s + p.y, 0) / 4 + Math.max(0, Math.floor(y0));
        const want = applyH(reg.h, q.x + q.w / 2, q.y + q.h / 2);
        const tol = (q.w / 2) * (reg.dpi / 72);
        if (Math.hypot(cx - want.x, cy - want.y) > tol) flags.push('qr_position');
      }
      break;
    } catch (e) {
      error = isOmrError(e) ? e.message : String(e);
    }
  }
  if (!identity) flags.push('qr_invalid');
  else if (identity.template !== layout.template || identity.templateVersion !== layout.version) flags.push('qr_other_template');
  return { identity, flags, error, box };
}

/**
 * Read one page raster: register, identify, measure, decide. Never throws for a bad page:
 * a page that is not a sheet comes back with status `not_a_sheet` and the reason.
 */
export async function readPage(img: GrayImage, layout: Layout, opts: ReadOptions): Promise<PageRead> {
  // one copy of the page into the kernels' memory serves registration and measuring
  const k = kernels();
  k.hold(img);
  try {
    return await readHeldPage(img, layout, opts);
  } finally {
    k.release(img);
  }
}

async function readHeldPage(img: GrayImage, layout: Layout, opts: ReadOptions): Promise<PageRead> {
  const t0 = performance.now();
  const base: PageResult = { source: opts.source, page: opts.page, status: 'ok', image: { width: img.width, height: img.height } };
  let reg: Registration;
  try {
    reg = register(img, layout);
  } catch (e) {
    if (isOmrError(e) && e.code === 'NOT_A_SHEET') {
      return { result: { ...base, status: 'not_a_sheet', reason: `${e.message}${e.hint ? ` → ${e.hint}` : ''}` } };
    }
    throw e;
  }
  const t1 = performance.now();
  const id = await readIdentity(img, layout, reg);
  const t2 = performance.now();
  const measures = measureBubbles(img, layout, reg.h);
  const dec = decideSheet(measures, { ...opts, bilevel: opts.bilevel ?? bilevelImage(img) });
  const rings = reg.rings;
  const badRings = rings !== undefined && (rings.residualMm > MAX_FIT_RESIDUAL_MM || rings.p95Mm > MAX_FIT_P95_MM);
  if (badRings) for (const g of Object.values(dec.groups)) if (!g.flagged) Object.assign(g, { flagged: true, reason: 'unreadable' });
  const t3 = performance.now();
  const pageFlags: PageFlag[] = [...id.flags];
  if (reg.model === 'affine-3') pageFlags.push('three_marks');
  if (reg.errorPt > MAX_FIT_ERROR_PT || badRings) pageFlags.push('fit_error');
  const r = (v: number) => Math.round(v * 10) / 10;
  const result: PageResult = {
    ...base,
    serial: id.identity?.serial ?? null,
    candidateNumber: dec.candidateNumber,
    examCode: dec.examCode,
    rotation: reg.rotation,
    groups: dec.groups,
    identity: id.identity,
    qr: { found: Boolean(id.identity), ...(id.error && !id.identity ? { error: id.error } : {}) },
    fit: { marks: reg.marks.filter((m) => m.found).length, model: reg.model, errorPx: reg.errorPx, errorPt: reg.errorPt, ringHits: reg.ringHits, dpi: reg.dpi, skewDeg: reg.skewDeg, scale: Math.round((reg.dpi / 72 / (img.width > img.height ? img.width / layout.page.height : img.width / layout.page.width)) * 1000) / 1000, ...(rings ? { rings } : {}) },
    ...(rings ? { fitResidualMm: rings.residualMm } : {}),
    thresholds: { empty: dec.thresholds.empty, marked: dec.thresholds.marked, cut: dec.thresholds.cut },
    homography: reg.h.map((v) => Number(v.toPrecision(10))),
    timings: { registerMs: r(t1 - t0), qrMs: r(t2 - t1), measureMs: r(t3 - t2) },
  };
  if (pageFlags.length) result.flags = pageFlags;
  if (pageFlags.includes('qr_other_template') && id.identity) {
    result.status = 'error';
    result.reason = `sheet printed from template ${id.identity.template} v${id.identity.templateVersion}, read with ${layout.template} v${layout.version} → scan it again with --template for its own template`;
  }
  return { result, registration: reg, measures, thresholds: dec.thresholds, qrBox: id.box };
}
