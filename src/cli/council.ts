/**
 * The council's paperwork (issue 11): `omr plan`, `omr report -w DIR`, `omr notify -w DIR`.
 * Parses options and calls src/council; prints what was written and the deadlines.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { OmrError } from '../errors.js';
import type { HistoryRecord } from '../grade/history.js';
import { msg } from '../i18n/index.js';
import type { Workspace } from '../workspace/workspace.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { guardOutputs } from '../workspace/guard.js';
import { registerPlan } from './plan.js';
import { withWorkspace, wsArg, WS_FLAGS } from './workspace.js';

/** Where the report and the notices go by default: DIR/van-ban and DIR/van-ban/thong-bao. */
export const DOCS_DIR = 'van-ban';
export const REPORT_FILE = 'bao-cao-ket-qua';
export const NOTICES_DIR = 'thong-bao';

const rel = (f: string) => path.relative(process.cwd(), f) || f;

async function history(file: string | undefined): Promise<HistoryRecord[] | undefined> {
  if (!file) return undefined;
  const { loadHistory } = await import('../grade/history.js');
  return loadHistory(file).records;
}

function outDir(ws: Workspace, out: string | undefined): string {
  return out ?? path.join(ws.dir, DOCS_DIR);
}

interface ReportOpts {
  workspace?: string;
  out?: string;
  date?: string;
  gradedOn?: string;
  number?: string;
  holidays?: string;
  history?: string;
  json?: boolean;
}

interface NotifyOpts {
  workspace?: string;
  out?: string;
  date?: string;
  approvedOn: string;
  decision?: string;
  firstNumber?: string;
  holidays?: string;
  history?: string;
  json?: boolean;
}

export function registerCouncil(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('report')
    .description(t('report.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-o, --out <dir>', t('opt.council.out'))
    .option('--date <date>', t('opt.council.date'))
    .option('--graded-on <date>', t('opt.council.gradedOn'))
    .option('--number <n>', t('opt.council.number'))
    .option('--holidays <file>', t('opt.council.holidays'))
    .option('--history <file>', t('opt.history'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr report -w ky-thi/', 'omr report -w ky-thi/ --date 20/06/2025 --number 15 --history ky-truoc/ket-qua.csv']))
    .action((o: ReportOpts) =>
      withWorkspace(o.workspace, async (ws) => {
        guardOutputs([{ dir: outDir(ws, o.out), files: [{ name: `${REPORT_FILE}.pdf`, kind: 'pdf' }, { name: `${REPORT_FILE}.docx`, kind: 'docx' }] }]);
        const [{ formatDay, parseDay, today }, { councilReport }, { writeDocument }, { computeResults }] = await Promise.all([
          import('../council/calendar.js'),
          import('../council/run.js'),
          import('../documents/index.js'),
          import('../workspace/results.js'),
        ]);
        const date = o.date ? parseDay(o.date, '--date') : today();
        const res = computeResults(ws, { history: await history(o.history) });
        const { report: r, gradedOn } = councilReport(ws, res, { date, ...(o.gradedOn ? { gradedOn: parseDay(o.gradedOn, '--graded-on') } : {}), ...(o.number ? { number: o.number } : {}), ...(o.holidays ? { holidays: o.holidays } : {}) });
        const files = await writeDocument(r.doc, path.join(outDir(ws, o.out), REPORT_FILE));
        const f = r.facts.overall;
        const d = r.deadline;
        if (o.json) {
          ctx.out(JSON.stringify({ files, gradedOn, due: d.due, date, late: d.late, pending: r.pending, counts: { total: f.total, scored: f.scored, absent: f.absent, bands: Object.fromEntries(f.bands.map((b) => [b.name, b.n])) } }));
        } else {
          ctx.out(t('council.wrote', { file: rel(files.pdf) }));
          ctx.out(t('council.wrote', { file: rel(files.docx) }));
          ctx.out(t('report.summary', { convened: f.total - r.facts.notInRoster, sat: f.total - f.absent - r.facts.notInRoster, absent: f.absent, scored: f.scored }));
          if (!d.late) ctx.out(t('report.deadline', { graded: formatDay(gradedOn), due: formatDay(d.due), remaining: d.remaining }));
        }
        if (d.late) ctx.err(t('report.late', { graded: formatDay(gradedOn), due: formatDay(d.due), date: formatDay(date), late: -d.remaining }));
        if (r.pending) {
          ctx.err(t('report.pending', { n: r.pending, ws: wsArg(ws) }));
          ctx.exitCode = EXIT_NEEDS_PERSON;
        }
      }),
    );

  program
    .command('notify')
    .description(t('notify.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .requiredOption('--approved-on <date>', t('opt.council.approvedOn'))
    .option('-o, --out <dir>', t('opt.council.out'))
    .option('--date <date>', t('opt.council.date'))
    .option('--decision <number>', t('opt.council.decision'))
    .option('--first-number <n>', t('opt.council.firstNumber'))
    .option('--holidays <file>', t('opt.council.holidays'))
    .option('--history <file>', t('opt.history'))
    .option('--json', t('opt.json'))
    .addHelpText('after', examples(t, ['omr notify -w ky-thi/ --approved-on 25/06/2025', 'omr notify -w ky-thi/ --approved-on 25/06/2025 --decision 125/QĐ-UBND --first-number 31']))
    .action((o: NotifyOpts) =>
      withWorkspace(o.workspace, async (ws) => {
        guardOutputs([{ dir: path.join(outDir(ws, o.out), NOTICES_DIR) }]);
        const [{ formatDay, loadHolidays, parseDay, today }, { buildNotices }, { writeDocument }, { computeResults }] = await Promise.all([
          import('../council/calendar.js'),
          import('../council/notify.js'),
          import('../documents/index.js'),
          import('../workspace/results.js'),
        ]);
        const holidays = loadHolidays(o.holidays);
        const approvedOn = parseDay(o.approvedOn, '--approved-on');
        const date = o.date ? parseDay(o.date, '--date') : today();
        let firstNumber: number | undefined;
        if (o.firstNumber !== undefined) {
          if (!/^\d{1,6}$/.test(o.firstNumber)) throw new OmrError('USAGE', msg('council.badOption', { option: '--first-number', value: o.firstNumber, want: 'whole' }));
          firstNumber = Number(o.firstNumber);
        }
        const res = computeResults(ws, { history: await history(o.history) });
        const n = buildNotices(res, { approvedOn, date, holidays, ...(o.decision ? { decision: o.decision } : {}), ...(firstNumber !== undefined ? { firstNumber } : {}) });
        const dir = path.join(outDir(ws, o.out), NOTICES_DIR);
        const files: { unit: string; number: string; pdf: string; docx: string }[] = [];
        for (const x of n.notices) files.push({ unit: x.unit, number: x.number, ...(await writeDocument(x.doc, path.join(dir, x.file))) });
        const covering = await writeDocument(n.covering, path.join(dir, 'danh-sach-thong-bao'));
        const d = n.deadline;
        if (o.json) ctx.out(JSON.stringify({ notices: files, covering, approvedOn, due: d.due, date, late: d.late, notInRoster: n.notInRoster }));
        else {
          ctx.out(t('notify.done', { n: files.length, people: n.notices.reduce((s, x) => s + x.people, 0), dir: rel(dir) }));
          ctx.out(t('council.wrote', { file: rel(covering.pdf) }));
          if (!d.late) ctx.out(t('notify.deadline', { approved: formatDay(approvedOn), due: formatDay(d.due), remaining: d.remaining }));
        }
        if (d.late) ctx.err(t('notify.late', { approved: formatDay(approvedOn), due: formatDay(d.due), date: formatDay(date), late: -d.remaining }));
        if (n.notInRoster) {
          ctx.err(t('notify.notInRoster', { n: n.notInRoster }));
          ctx.exitCode = EXIT_NEEDS_PERSON;
        }
      }),
    );

  registerPlan(program, ctx);
}
