import type { Command } from 'commander';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { ComplaintSubject, RecheckChange } from '../workspace/complaints.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples } from './help.js';
import { guardOutputs } from '../workspace/guard.js';
import { short, table, withWorkspace, WS_FLAGS } from './workspace.js';

const calendar = () => import('../council/calendar.js');
const complaints = () => import('../workspace/complaints.js');

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

function questionNumbers(list: string[] | undefined): number[] {
  return (list ?? []).flatMap((v) =>
    v.split(/[,\s]+/).filter(Boolean).map((x) => {
      if (!/^\d+$/.test(x)) throw new OmrError('USAGE', msg('ov.questionNumber', { value: x }), { hint: msg('ov.question.hint') });
      return Number(x);
    }),
  );
}

function changesOf(opts: { set?: string[]; sbdValue?: string; madeValue?: string }): RecheckChange[] {
  const out: RecheckChange[] = [];
  for (const s of opts.set ?? []) {
    const m = /^\s*(\d+)\s*=\s*(.*)$/.exec(s);
    if (!m) throw new OmrError('USAGE', msg('cp.badSet', { value: s }), { hint: msg('cp.resolve.hint') });
    out.push({ field: 'answer', question: Number(m[1]), value: m[2].trim() });
  }
  if (opts.sbdValue !== undefined) out.push({ field: 'sbd', value: opts.sbdValue });
  if (opts.madeValue !== undefined) out.push({ field: 'made', value: opts.madeValue });
  return out;
}

export function registerComplaint(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  // -w goes before the action (omr complaint -w DIR list) or after it (omr complaint list -w DIR)
  const cmd = program.command('complaint').description(t('cp.description')).option(WS_FLAGS, t('opt.workspace'));
  const wsOf = (o: { workspace?: string }): string | undefined => o.workspace ?? (cmd.opts() as { workspace?: string }).workspace;
  cmd.addHelpText(
    'after',
    examples(
      t,
      [
        'omr complaint -w ky-thi/ add --serial 000012 --from "Lê Văn Bình" --received 16/06/2025 --about question --question 17 --text "câu 17 đã tô B" --by "Thư ký HĐ"',
        'omr complaint -w ky-thi/ list',
        'omr complaint -w ky-thi/ evidence --serial 000012 --out ho-so-000012.pdf',
        'omr complaint -w ky-thi/ resolve 1 --by "Trần Thị Hoa" --resolution "Phúc khảo: câu 17 tô B, cộng 1 điểm" --set 17=B',
      ],
      t('help.exit.report'),
    ),
  );

  cmd
    .command('add')
    .description(t('cp.add.description'))
    .addHelpText('after', examples(t, ['omr complaint -w ky-thi/ add --serial 000012 --from "Lê Văn Bình" --received 16/06/2025 --about question --question 17 --text "câu 17 đã tô B" --by "Thư ký HĐ"', 'omr complaint -w ky-thi/ add --sbd 250007 --from "Trần Văn Tư" --about total --text "xin phúc khảo" --by "Thư ký HĐ"'], t('help.exit.plain')))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-s, --serial <serial>', t('cp.opt.serial'))
    .option('--sbd <sbd>', t('cp.opt.sbd'))
    .option('--from <name>', t('cp.opt.from'))
    .option('--received <date>', t('cp.opt.received'))
    .option('--about <what>', t('cp.opt.about'), 'question')
    .option('-q, --question <n>', t('cp.opt.question'), collect)
    .option('--text <text>', t('cp.opt.text'))
    .option('--by <name>', t('cp.opt.byClerk'))
    .option('--json', t('opt.json'))
    .action((opts: { workspace?: string; serial?: string; sbd?: string; from?: string; received?: string; about: string; question?: string[]; text?: string; by?: string; json?: boolean }) =>
      withWorkspace(wsOf(opts), async (ws) => {
        const [{ formatDay, parseDay }, { addComplaint }] = await Promise.all([calendar(), complaints()]);
        const c = addComplaint(ws, {
          ...(opts.serial !== undefined ? { serial: opts.serial } : {}),
          ...(opts.sbd !== undefined ? { sbd: opts.sbd } : {}),
          submittedBy: opts.from ?? '',
          ...(opts.received !== undefined ? { receivedOn: parseDay(opts.received, '--received') } : {}),
          subject: opts.about as ComplaintSubject,
          questions: questionNumbers(opts.question),
          text: opts.text ?? '',
          recordedBy: opts.by ?? '',
        });
        if (opts.json) {
          ctx.out(JSON.stringify({ complaint: c }));
          return;
        }
        const qs = c.questions ? (JSON.parse(c.questions) as number[]).join(', ') : '';
        ctx.out(
          t('cp.added', {
            id: c.id,
            sheet: c.serial ?? c.page_ref ?? '',
            who: `SBD ${c.sbd ?? '?'}${c.ho_ten ? ` ${c.ho_ten}` : ''}`,
            subject: c.subject,
            questions: qs,
            received: formatDay(c.received_on),
            deadline: formatDay(c.deadline),
          }),
        );
      }),
    );

  cmd
    .command('list')
    .description(t('cp.list.description'))
    .addHelpText('after', examples(t, ['omr complaint -w ky-thi/ list', 'omr complaint -w ky-thi/ list --all'], t('help.exit.report')))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('--all', t('cp.opt.all'))
    .option('--today <date>', t('cp.opt.today'))
    .option('--json', t('opt.json'))
    .action((opts: { workspace?: string; all?: boolean; today?: string; json?: boolean }) =>
      withWorkspace(wsOf(opts), async (ws) => {
        const [{ formatDay, parseDay, today }, { listComplaints }] = await Promise.all([calendar(), complaints()]);
        const on = opts.today ? parseDay(opts.today, '--today') : today();
        const list = listComplaints(ws, { all: opts.all, today: on });
        const open = list.filter((c) => c.status === 'open');
        const overdue = list.filter((c) => c.overdue).length;
        if (overdue) ctx.exitCode = EXIT_NEEDS_PERSON;
        if (opts.json) {
          ctx.out(JSON.stringify({ today: on, open: open.length, overdue, complaints: list }));
          return;
        }
        if (!list.length) {
          ctx.out(t('cp.none', { all: Boolean(opts.all) }));
          return;
        }
        const red = (s: string) => (ctx.isTTY ? `\x1b[1;31m${s}\x1b[0m` : s);
        const rows = list.map((c) => [
          String(c.id),
          c.serial ?? c.page_ref ?? '',
          c.sbd ?? '',
          c.ho_ten ?? '',
          t('cp.subjectWord', { subject: c.subject }) + (c.questions ? ` ${(JSON.parse(c.questions) as number[]).join(',')}` : ''),
          formatDay(c.received_on),
          formatDay(c.deadline),
          c.status === 'resolved' ? t('cp.settled', { on: formatDay(c.resolved_on!) }) : t('cp.left', { days: c.daysLeft }),
        ]);
        const lines = table(t('cp.head').split('|'), rows);
        lines.forEach((l, i) => ctx.out(i >= 2 && list[i - 2].overdue ? red(l) : l));
        ctx.out(t('cp.summary', { open: open.length, overdue }));
      }),
    );

  cmd
    .command('resolve <id>')
    .description(t('cp.resolve.description'))
    .addHelpText('after', examples(t, ['omr complaint -w ky-thi/ resolve 1 --by "Trần Thị Hoa" --resolution "Phúc khảo: câu 17 tô B, cộng 1 điểm" --set 17=B', 'omr complaint -w ky-thi/ resolve 2 --by "Trần Thị Hoa" --resolution "Phúc khảo: giữ nguyên điểm"'], t('help.exit.plain')))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('--by <name>', t('cp.opt.byResolver'))
    .option('--resolution <text>', t('cp.opt.resolution'))
    .option('--on <date>', t('cp.opt.on'))
    .option('--set <q=answer>', t('cp.opt.set'), collect)
    .option('--sbd-value <sbd>', t('cp.opt.sbdValue'))
    .option('--made-value <made>', t('cp.opt.madeValue'))
    .option('--json', t('opt.json'))
    .action((id: string, opts: { workspace?: string; by?: string; resolution?: string; on?: string; set?: string[]; sbdValue?: string; madeValue?: string; json?: boolean }) =>
      withWorkspace(wsOf(opts), async (ws) => {
        if (!/^\d+$/.test(id.trim())) throw new OmrError('USAGE', msg('cp.noComplaint', { id }), { hint: msg('cp.noComplaint.hint') });
        const [{ formatDay, parseDay }, { resolveComplaint }] = await Promise.all([calendar(), complaints()]);
        const r = resolveComplaint(ws, Number(id), {
          by: opts.by ?? '',
          resolution: opts.resolution ?? '',
          ...(opts.on !== undefined ? { on: parseDay(opts.on, '--on') } : {}),
          changes: changesOf(opts),
        });
        if (opts.json) {
          ctx.out(JSON.stringify(r));
          return;
        }
        const c = r.complaint;
        ctx.out(t('cp.resolved', { id: c.id, on: formatDay(c.resolved_on!), by: c.resolved_by!, resolution: c.resolution! }));
        const sc = (x: { total: number | null; band: string | null }) => (x.total === null ? '—' : `${x.total} (${x.band ?? ''})`);
        ctx.out(t('cp.score', { before: sc(r.before), after: sc(r.after), overrides: r.overrideIds.map((n) => `#${n}`).join(', ') }));
        if (r.late) ctx.err(t('cp.late', { deadline: formatDay(c.deadline) }));
      }),
    );

  cmd
    .command('evidence')
    .description(t('cp.evidence.description'))
    .addHelpText('after', examples(t, ['omr complaint -w ky-thi/ evidence --serial 000012 --out ho-so-000012.pdf', 'omr complaint -w ky-thi/ evidence --sbd 250007 --out ho-so-250007.pdf'], t('help.exit.report')))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-s, --serial <serial>', t('cp.opt.serial'))
    .option('--sbd <sbd>', t('cp.opt.sbd'))
    .requiredOption('-o, --out <file.pdf>', t('cp.opt.outPdf'))
    .option('--json', t('opt.json'))
    .action((opts: { workspace?: string; serial?: string; sbd?: string; out: string; json?: boolean }) =>
      withWorkspace(wsOf(opts), async (ws) => {
        guardOutputs([{ file: opts.out, kind: 'pdf' }]);
        const { buildEvidence } = await import('../workspace/evidence.js');
        const ev = await buildEvidence(ws, { ...(opts.serial !== undefined ? { serial: opts.serial } : {}), ...(opts.sbd !== undefined ? { sbd: opts.sbd } : {}) });
        await writeFileAtomic(opts.out, ev.pdf);
        const f = ev.facts;
        if (!f.scan.matches) ctx.exitCode = EXIT_NEEDS_PERSON;
        if (opts.json) {
          ctx.out(JSON.stringify({ file: path.resolve(opts.out), ...f }));
          return;
        }
        if (!f.scan.matches) ctx.err(t('cp.evidence.noScan', { file: f.scan.file ?? f.scan.source }));
        const { PDFDocument } = await import('pdf-lib');
        const pages = (await PDFDocument.load(ev.pdf)).getPageCount();
        ctx.out(
          t('cp.evidence.done', {
            file: path.relative(process.cwd(), path.resolve(opts.out)) || opts.out,
            pages,
            sheet: f.serial ?? '—',
            sbd: f.sbd ?? '—',
            score: f.total === null ? '—' : `${f.parts.map((p) => p.score).join(' + ')} = ${f.total}/${f.max}, ${f.band ?? ''}`,
          }),
        );
        ctx.out(t('cp.evidence.hashes', { scan: short(f.scan.recordedSha256), db: short(f.databaseSha256) }));
      }),
    );
}
