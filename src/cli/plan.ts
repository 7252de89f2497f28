/** `omr plan`: staff list + earlier results → this year's roster and the plan (src/council/plan.ts). */
import type { Command } from 'commander';
import path from 'node:path';
import type { PastResult } from '../council/plan.js';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { guardOutputs } from '../workspace/guard.js';

interface PlanOpts {
  staff: string;
  out: string;
  year?: string;
  history: string[];
  past: string[];
  retestFailed?: boolean;
  minPerCommune: string;
  share?: string;
  firstSbd?: string;
  exam?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** "2024=ket-qua.csv", or a file whose name holds the year ("ket-qua-2024.csv"). */
export function historyArg(value: string): { year: number; file: string } {
  const m = /^(\d{4})=(.+)$/.exec(value);
  if (m) return { year: Number(m[1]), file: m[2] };
  const y = /(?:^|[^\d])(20\d{2})(?:[^\d]|$)/.exec(path.basename(value));
  if (y) return { year: Number(y[1]), file: value };
  throw new OmrError('USAGE', msg('council.history.year', { value }));
}

/** "30%", "30" or "0.3" → 0.3. */
export function shareArg(value: string): number {
  const t = value.trim().replace(',', '.');
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(t);
  if (!m) throw new OmrError('USAGE', msg('council.badOption', { option: '--share', value, want: 'percent' }));
  const v = Number(m[1]);
  const share = t.endsWith('%') || v > 1 ? v / 100 : v;
  if (share > 1) throw new OmrError('USAGE', msg('council.badOption', { option: '--share', value, want: 'atMost100' }));
  return share;
}

async function pastOf(dir: string): Promise<PastResult[]> {
  const [{ computeResults }, { openWorkspace }] = await Promise.all([import('../workspace/results.js'), import('../workspace/workspace.js')]);
  const ws = openWorkspace(dir);
  try {
    const res = computeResults(ws);
    return res.grades.rows
      .filter((r) => r.candidate && r.band)
      .map((r) => ({ row: r.stt, file: ws.dir, hoTen: r.candidate!.hoTen, ngaySinh: r.candidate!.ngaySinh, donVi: r.candidate!.donVi, band: r.band!, total: r.score?.total ?? null, year: res.exam.year }));
  } finally {
    ws.close();
  }
}

export function registerPlan(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('plan')
    .description(t('plan.description'))
    .requiredOption('--staff <file>', t('opt.plan.staff'))
    .requiredOption('-o, --out <dir>', t('opt.plan.out'))
    .option('--year <year>', t('opt.plan.year'))
    .option('--history <year=file>', t('opt.plan.history'), collect, [])
    .option('--past <dir>', t('opt.plan.past'), collect, [])
    .option('--retest-failed', t('opt.plan.retest'))
    .option('--min-per-commune <n>', t('opt.plan.min'), '3')
    .option('--share <percent>', t('opt.plan.share'))
    .option('--first-sbd <sbd>', t('opt.plan.firstSbd'))
    .option('--exam <file>', t('opt.exam'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr plan --staff can-bo.xlsx --history 2024=ky-2024/ket-qua.csv --past ky-thi-2025/ --out ke-hoach-2026/', 'omr plan --staff can-bo.csv --year 2026 --share 30% --retest-failed --out ke-hoach/']))
    .action(async (o: PlanOpts) => {
      const year = o.year === undefined ? new Date().getFullYear() : Number(o.year);
      if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new OmrError('USAGE', msg('council.badOption', { option: '--year', value: String(o.year), want: 'year' }));
      if (!/^\d{1,3}$/.test(o.minPerCommune)) throw new OmrError('USAGE', msg('council.badOption', { option: '--min-per-commune', value: o.minPerCommune, want: 'whole' }));
      const share = o.share === undefined ? 0 : shareArg(o.share);
      const [{ defaultFirstSbd, planCsv, planDocument, rosterCsv }, { makePlan }, { loadStaff }, { writeDocument }, { loadExam }, { loadHistory }] = await Promise.all([
        import('../council/plan-files.js'),
        import('../council/plan.js'),
        import('../council/staff.js'),
        import('../documents/index.js'),
        import('../exam/exam.js'),
        import('../grade/history.js'),
      ]);
      const staff = await loadStaff(o.staff);
      const past: PastResult[] = [];
      for (const h of o.history.map(historyArg)) {
        const hist = loadHistory(h.file);
        for (const i of hist.issues) ctx.err(i.text);
        past.push(...hist.records.map((r) => ({ ...r, year: h.year })));
      }
      for (const d of o.past) past.push(...(await pastOf(d)));
      const plan = makePlan(staff, past, { year, retestFailed: !!o.retestFailed, minPerCommune: Number(o.minPerCommune), share });
      const exam = { ...loadExam(o.exam), year };
      const out = path.resolve(o.out);
      guardOutputs([{ dir: out, files: [{ name: 'roster.csv', kind: 'csv' }, { name: 'ke-hoach.csv', kind: 'csv' }, { name: 'ke-hoach.pdf', kind: 'pdf' }, { name: 'ke-hoach.docx', kind: 'docx' }] }]);
      const roster = path.join(out, 'roster.csv');
      const table = path.join(out, 'ke-hoach.csv');
      await writeFileAtomic(roster, rosterCsv(plan, o.firstSbd ?? defaultFirstSbd(year)));
      await writeFileAtomic(table, planCsv(plan));
      const doc = await writeDocument(planDocument(plan, exam), path.join(out, 'ke-hoach'));
      const problems = plan.units.flatMap((u) => u.problems);
      const chosen = plan.units.reduce((s, u) => s + u.chosen, 0);
      const eligible = plan.units.reduce((s, u) => s + u.eligible, 0);
      const excluded = plan.units.reduce((s, u) => s + u.entries.filter((e) => e.status === 'excluded').length, 0);
      if (o.json) {
        ctx.out(JSON.stringify({ year, chosen, eligible, excluded, units: plan.units.map((u) => ({ unit: u.unit, chosen: u.chosen, eligible: u.eligible, overdue: u.entries.filter((e) => e.status === 'overdue').length, problems: u.problems })), maybeSame: plan.maybeSame, files: { roster, table, ...doc } }));
      } else {
        for (const u of plan.units) ctx.out(t('plan.unit', { unit: u.unit, chosen: u.chosen, eligible: u.eligible, overdue: u.entries.filter((e) => e.status === 'overdue').length }));
        ctx.out(t('plan.total', { chosen, eligible, excluded, units: plan.units.length }));
        for (const f of [roster, table, doc.pdf, doc.docx]) ctx.out(t('council.wrote', { file: path.relative(process.cwd(), f) || f }));
      }
      for (const p of problems) ctx.err(t('plan.problem', { text: p }));
      for (const m of plan.maybeSame) ctx.err(t('plan.maybe', { text: m }));
      if (problems.length || plan.maybeSame.length) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
