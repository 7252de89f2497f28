/**
 * `omr plan`: who sits this year's exam (regulation III.2 and III.3.b), as a pure function of
 * the staff list, the earlier results and the council's options. Deterministic: the same input
 * gives the same plan (every tie is broken by name, date of birth, code, row).
 *
 * Rules (from the regulation):
 *   - Chỉ huy trưởng Ban chỉ huy quân sự and Trưởng Công an cấp xã are excluded (III.2.c);
 *   - each person sits once every 3 years while in post (III.3.b): last sat in year L → due by
 *     L + 3; never sat, in post since year S → due by S + 2 (the first 3-year window); never
 *     sat and no date → due within the window starting this year (Y + 2). Due by a year before
 *     this one = overdue; everyone due this year or overdue is chosen;
 *   - each commune sends at least 3, at least one of each Nhóm 1, 2, 3 (III.2.b): completed by
 *     priority (earliest due year, never sat, longest since the last exam, longest in post);
 *   - the council's options: --retest-failed (everyone whose last result was Không đạt; the
 *     regulation says nothing about it), --min-per-commune, --share (e.g. 30 %).
 * A commune that cannot meet a rule is stated, never silently relaxed.
 */
import type { HistoryRecord } from '../grade/history.js';
import { personKey } from '../grade/history.js';
import { looseKey, type StaffMember } from './staff.js';

/** An earlier result with its year. */
export interface PastResult extends HistoryRecord {
  year: number;
}

export interface PlanOptions {
  year: number;
  retestFailed: boolean;
  minPerCommune: number;
  /** 0..1 */
  share: number;
  /** The band that means a fail (default "Không đạt"). */
  failBand?: string;
}

export type Status = 'overdue' | 'due' | 'not_due' | 'excluded';

export interface PlanEntry {
  member: StaffMember;
  status: Status;
  lastYear: number | null;
  lastBand: string | null;
  /** Year by which the person must sit (null for excluded people). */
  dueBy: number | null;
  chosen: boolean;
  /** Why chosen (or why not), in Vietnamese. */
  reasons: string[];
  /** How the person was matched to earlier results. */
  matchedBy: 'code' | 'name' | null;
}

export interface UnitPlan {
  unit: string;
  entries: PlanEntry[];
  chosen: number;
  eligible: number;
  /** Rules this unit cannot meet (stated in the plan). */
  problems: string[];
}

export interface Plan {
  options: PlanOptions;
  units: UnitPlan[];
  /** People who may be one person across units (same họ tên + ngày sinh, no shared code): check. */
  maybeSame: string[];
  /** Earlier results matched to nobody in the staff list (left the posts, or mistyped). */
  unmatchedPast: number;
}

const EXCLUDED = [/^chỉ huy trưởng\b.*quân sự/, /^trưởng công an\b/];

/** Chỉ huy trưởng Ban chỉ huy quân sự and Trưởng Công an cấp xã: tested by their own sector. */
export function isExcluded(chucDanh: string): boolean {
  const c = chucDanh.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
  return EXCLUDED.some((re) => re.test(c));
}

const coll = new Intl.Collator('vi');

function byName(a: StaffMember, b: StaffMember): number {
  return coll.compare(a.hoTen, b.hoTen) || coll.compare(a.ngaySinh, b.ngaySinh) || coll.compare(a.code ?? '', b.code ?? '') || a.row - b.row;
}

const sinceYear = (m: StaffMember): number | null => (m.since ? Number(m.since.slice(0, 4)) : null);

export function makePlan(staff: StaffMember[], past: PastResult[], o: PlanOptions): Plan {
  const fail = o.failBand ?? 'Không đạt';
  const Y = o.year;
  const byCode = new Map<string, PastResult[]>();
  const byKey = new Map<string, PastResult[]>();
  const byLoose = new Map<string, PastResult[]>();
  const push = (m: Map<string, PastResult[]>, k: string, r: PastResult) => m.set(k, [...(m.get(k) ?? []), r]);
  for (const r of past) {
    if (r.year >= Y) continue; // only earlier years
    if (r.code) push(byCode, r.code, r);
    push(byKey, personKey(r.hoTen, r.ngaySinh, r.donVi), r);
    push(byLoose, looseKey(r.hoTen, r.ngaySinh), r);
  }
  const used = new Set<PastResult>();
  const maybeSame: string[] = [];

  const entries: PlanEntry[] = staff.map((m) => {
    let records: PastResult[] = [];
    let matchedBy: PlanEntry['matchedBy'] = null;
    if (m.code && byCode.has(m.code)) {
      records = byCode.get(m.code)!;
      matchedBy = 'code';
    } else if (m.ngaySinh && byKey.has(personKey(m.hoTen, m.ngaySinh, m.donVi))) {
      records = byKey.get(personKey(m.hoTen, m.ngaySinh, m.donVi))!;
      matchedBy = 'name';
    } else if (m.ngaySinh) {
      const loose = (byLoose.get(looseKey(m.hoTen, m.ngaySinh)) ?? []).filter((r) => !r.code || !m.code);
      for (const r of loose) maybeSame.push(`${m.hoTen} (${m.ngaySinh}), nay ở ${m.donVi}: có kết quả năm ${r.year} ở ${r.donVi} (${r.band}) — cùng một người? Nếu đúng, ghi cùng mã cán bộ ở cả hai tệp.`);
    }
    for (const r of records) used.add(r);
    const last = [...records].sort((a, b) => b.year - a.year)[0];
    const lastYear = last?.year ?? null;
    const lastBand = last?.band ?? null;
    if (isExcluded(m.chucDanh)) {
      return { member: m, status: 'excluded', lastYear, lastBand, dueBy: null, chosen: false, reasons: ['Loại trừ: sát hạch theo quy định của ngành (mục III.2.c)'], matchedBy };
    }
    const s = sinceYear(m);
    const dueBy = lastYear !== null ? lastYear + 3 : s !== null ? s + 2 : Y + 2;
    const status: Status = dueBy < Y ? 'overdue' : dueBy === Y ? 'due' : 'not_due';
    return { member: m, status, lastYear, lastBand, dueBy, chosen: false, reasons: [], matchedBy };
  });

  // priority: earliest due year, never sat, longest since the last exam, longest in post, then name
  const priority = (a: PlanEntry, b: PlanEntry): number =>
    a.dueBy! - b.dueBy! ||
    (a.lastYear === null ? -1 : 0) - (b.lastYear === null ? -1 : 0) ||
    (a.lastYear ?? 0) - (b.lastYear ?? 0) ||
    (sinceYear(a.member) ?? 9999) - (sinceYear(b.member) ?? 9999) ||
    byName(a.member, b.member);

  const units = [...new Set(staff.map((m) => m.donVi))].sort(coll.compare).map((unit): UnitPlan => {
    const mine = entries.filter((e) => e.member.donVi === unit).sort((a, b) => byName(a.member, b.member));
    const eligible = mine.filter((e) => e.status !== 'excluded');
    const problems: string[] = [];
    const choose = (e: PlanEntry, why: string) => {
      if (!e.chosen) e.chosen = true;
      e.reasons.push(why);
    };
    const lastText = (e: PlanEntry) => (e.lastYear !== null ? `sát hạch gần nhất năm ${e.lastYear} (${e.lastBand})` : 'chưa sát hạch lần nào');
    for (const e of eligible) {
      if (e.status === 'overdue') choose(e, `Quá hạn: phải sát hạch chậm nhất năm ${e.dueBy}; ${lastText(e)}`);
      else if (e.status === 'due') choose(e, `Đến hạn năm ${Y}: ${lastText(e)}`);
      if (o.retestFailed && e.lastBand === fail) choose(e, `Thi lại: ${fail} năm ${e.lastYear} (Hội đồng chọn thi lại người ${fail})`);
    }
    const pick = (pool: PlanEntry[], why: string): boolean => {
      const next = pool.filter((e) => !e.chosen).sort(priority)[0];
      if (!next) return false;
      choose(next, `${why}; ${lastText(next)}, hạn năm ${next.dueBy}`);
      return true;
    };
    for (const n of [1, 2, 3] as const) {
      if (eligible.some((e) => e.chosen && e.member.nhom === n)) continue;
      const pool = eligible.filter((e) => e.member.nhom === n);
      if (!pick(pool, `Bảo đảm ít nhất 01 người Nhóm ${n}`)) problems.push(`${unit}: không có ai thuộc Nhóm ${n} để cử dự sát hạch (quy định: ít nhất 01 người mỗi Nhóm)`);
    }
    const count = () => eligible.filter((e) => e.chosen).length;
    while (count() < o.minPerCommune && pick(eligible, `Đủ số tối thiểu ${String(o.minPerCommune).padStart(2, '0')} người/đơn vị`));
    if (count() < o.minPerCommune) problems.push(`${unit}: chỉ có ${eligible.length} người thuộc diện sát hạch, không đủ ${o.minPerCommune} người/đơn vị`);
    const target = Math.ceil(o.share * eligible.length - 1e-9);
    const pct = `${Math.round(o.share * 1000) / 10}`.replace('.', ',');
    while (count() < target && pick(eligible, `Đủ tỉ lệ ${pct}% số cán bộ, công chức của đơn vị`));
    for (const e of eligible) if (!e.chosen) e.reasons.push(`Chưa đến hạn: ${lastText(e)}, hạn năm ${e.dueBy}`);
    return { unit, entries: mine, chosen: count(), eligible: eligible.length, problems };
  });
  return { options: o, units, maybeSame: [...new Set(maybeSame)], unmatchedPast: past.filter((r) => r.year < Y && !used.has(r)).length };
}

export const STATUS_VI: Record<Status, string> = { overdue: 'Quá hạn', due: 'Đến hạn', not_due: 'Chưa đến hạn', excluded: 'Loại trừ' };
