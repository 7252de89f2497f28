import type { Command } from 'commander';
import path from 'node:path';
import { OmrError } from '../errors.js';
import type { SelftestFailure, SelftestResult, SettingResult } from '../selftest/selftest.js';
import { guardOutputs } from '../workspace/guard.js';
import { EXIT_NEEDS_PERSON, type CliContext } from './context.js';
import { examples, templateOption } from './help.js';

const isEn = (ctx: CliContext): boolean => ctx.lang === 'en';

/** English or Vietnamese, as the CLI is set (Vietnamese by default). */
function say(ctx: CliContext, en: string, vi: string): string {
  return isEn(ctx) ? en : vi;
}

const REASON_VI: Record<string, string> = { multiple: 'nhiều ô', light: 'tô mờ', ambiguous: 'khó phân biệt', erasure: 'tẩy xóa', no_digit: 'không tô số', qr_mismatch: 'khác QR', unreadable: 'không đo được' };

function failureLine(f: SelftestFailure, ctx: CliContext): string {
  if (isEn(ctx)) return f.text;
  const v = (x: string | null | undefined) => (x == null ? 'không có' : x === '' ? '"" (trống)' : `"${x}"`);
  switch (f.kind) {
    case 'page':
      return `trang không đọc được như một phiếu: ${f.detail ?? ''}`;
    case 'page_flag':
      return `cảnh báo trang: ${f.detail ?? ''}`;
    case 'serial':
      return `số phiếu (QR): đọc ${v(f.read)}, đúng là "${f.want ?? ''}"`;
    case 'missing':
      return `${f.group}: không đo được`;
    case 'double_not_flagged':
      return `${f.group}: tô hai ô (${f.want ?? ''}) nhưng đọc ${v(f.read)} mà không đánh dấu`;
    case 'misread':
      return `${f.group}: đọc ${v(f.read)}${f.flagged ? `, đánh dấu ${REASON_VI[f.reason ?? ''] ?? f.reason ?? ''}` : ''}, đúng là ${v(f.want)}`;
  }
}

const labelOf = (s: SettingResult, ctx: CliContext): string => (isEn(ctx) ? s.label : (s.labelVi ?? s.label));

const MAX_SHOWN = 8;

export function selftestLines(r: SelftestResult, ctx: CliContext): string[] {
  const t = r.template;
  const p = r.pattern;
  const file = path.relative(process.cwd(), t.file) || t.file;
  const q = (k: string | null) => (k ? k.slice(1) : '');
  const out: string[] = [];
  out.push(
    say(
      ctx,
      `Self-test of template ${t.id} v${t.version} (${file}): ${t.questions} questions ${t.options.join('')}, SBD ${t.sbdDigits} digits, mã đề ${t.madeDigits} digits`,
      `Tự kiểm tra mẫu phiếu ${t.id} v${t.version} (${file}): ${t.questions} câu ${t.options.join('')}, SBD ${t.sbdDigits} chữ số, mã đề ${t.madeDigits} chữ số`,
    ),
  );
  const cycle = t.options.join(' ');
  out.push(
    say(
      ctx,
      `Test sheet: số phiếu ${p.serial}, SBD ${p.candidateNumber}, mã đề ${p.examCode}; answers ${cycle} in turn${p.double ? `; câu ${q(p.double)} marked twice (must be flagged)` : ''}${p.blank ? `; câu ${q(p.blank)} left blank` : ''}`,
      `Phiếu thử: số phiếu ${p.serial}, SBD ${p.candidateNumber}, mã đề ${p.examCode}; tô lần lượt ${cycle}${p.double ? `; câu ${q(p.double)} tô hai ô (phải bị đánh dấu)` : ''}${p.blank ? `; câu ${q(p.blank)} để trống` : ''}`,
    ),
  );
  const w = Math.max(...r.settings.map((s) => [...labelOf(s, ctx)].length), 12);
  const padL = (s: SettingResult) => labelOf(s, ctx) + ' '.repeat(w - [...labelOf(s, ctx)].length);
  const PASS = say(ctx, 'PASS', 'ĐẠT');
  const FAIL = say(ctx, 'FAIL', 'KHÔNG ĐẠT');
  const head = say(ctx, 'Scanner setting', 'Chế độ quét');
  out.push(`  ${head}${' '.repeat(w - [...head].length)}  ${say(ctx, 'Result', 'Kết quả')}`);
  for (const s of r.settings) {
    if (s.pass) {
      out.push(`  ${padL(s)}  ${PASS}`);
      continue;
    }
    out.push(`  ${padL(s)}  ${FAIL}  ${say(ctx, `${s.groups.length} group(s) wrong`, `${s.groups.length} nhóm đọc sai`)}${s.groups.length ? `: ${s.groups.slice(0, 20).join(', ')}${s.groups.length > 20 ? ', …' : ''}` : ''}`);
    for (const f of s.failures.slice(0, MAX_SHOWN)) out.push(`  ${' '.repeat(w)}    - ${failureLine(f, ctx)}`);
    if (s.failures.length > MAX_SHOWN) out.push(`  ${' '.repeat(w)}    - … ${s.failures.length - MAX_SHOWN} ${say(ctx, 'more (--json lists all)', 'dòng nữa (--json liệt kê đủ)')}`);
  }
  const n = r.settings.length;
  const failed = r.settings.filter((s) => !s.pass).length;
  if (r.pass) out.push(say(ctx, `✔ PASS: every setting read the sheet back exactly (${n}/${n}, ${r.seconds} s). The template is ready to print.`, `✔ ĐẠT: mọi chế độ quét đều đọc đúng phiếu (${n}/${n}, ${r.seconds} s). Có thể in phiếu theo mẫu này.`));
  else
    out.push(
      say(
        ctx,
        `✖ FAIL: ${failed} of ${n} settings misread the sheet (${r.seconds} s). Do not print with this template yet: make the bubbles larger or further apart, keep the corner marks and the QR code clear, check it with omr template check, and run omr selftest again.`,
        `✖ KHÔNG ĐẠT: ${failed}/${n} chế độ quét đọc sai phiếu (${r.seconds} s). Chưa in phiếu theo mẫu này: tăng cỡ hoặc khoảng cách ô tô, để trống quanh các ô vuông góc và mã QR, kiểm tra bằng omr template check rồi chạy lại omr selftest.`,
      ),
    );
  if (r.kept) out.push(say(ctx, `Kept: ${path.relative(process.cwd(), r.kept) || '.'}/ (selftest-sheet.pdf, scans/, annotated/)`, `Đã lưu: ${path.relative(process.cwd(), r.kept) || '.'}/ (selftest-sheet.pdf, scans/, annotated/)`));
  return out;
}

export function registerSelftest(program: Command, ctx: CliContext): void {
  program
    .command('selftest')
    .description(
      say(
        ctx,
        'print a sheet of the template, fill it with a known pattern, scan it at several scanner settings and read it back: PASS, or the exact groups that failed (run it on a new or edited template before exam day)',
        'in một phiếu theo mẫu, tô theo mẫu biết trước, quét ở nhiều chế độ máy quét rồi đọc lại: ĐẠT, hoặc chỉ rõ các nhóm đọc sai (chạy với mẫu phiếu mới hoặc vừa sửa trước ngày thi)',
      ),
    )
    .addOption(templateOption(ctx.t))
    .option('--keep <dir>', say(ctx, 'keep the printed PDF, the scans and the annotated images in this folder', 'lưu PDF đã in, ảnh quét và ảnh chú thích vào thư mục này'))
    .option('-j, --jobs <n>', say(ctx, 'worker threads (default: all cores)', 'số luồng đọc (mặc định: mọi lõi CPU)'))
    .option('--json', ctx.t('opt.json'))
    .addHelpText(
      'after',
      examples(
        ctx.t,
        ['omr selftest', 'omr selftest --template mau-phieu.json --keep selftest/', 'omr selftest --json'],
        say(ctx, 'Exit code: 0 every setting passed, 1 some failed, 2 bad template or usage.', 'Mã thoát: 0 mọi chế độ đạt, 1 có chế độ không đạt, 2 mẫu phiếu hoặc lệnh sai.'),
      ),
    )
    .action(async (opts: { template: string; keep?: string; jobs?: string; json?: boolean }) => {
      const jobs = opts.jobs !== undefined ? Number(opts.jobs) : undefined;
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
        throw new OmrError('USAGE', say(ctx, `--jobs must be a whole number of 1 or more, not "${opts.jobs}"`, `--jobs phải là số nguyên từ 1 trở lên, không phải "${opts.jobs}"`), { hint: say(ctx, 'for example --jobs 2', 'ví dụ --jobs 2') });
      if (opts.keep) guardOutputs([{ dir: opts.keep, files: [{ name: 'selftest-sheet.pdf', kind: 'pdf' }] }]);
      const { runSelftest } = await import('../selftest/selftest.js');
      const r = await runSelftest({ templateFile: opts.template, ...(opts.keep ? { keepDir: opts.keep } : {}), ...(jobs ? { jobs } : {}) });
      if (opts.json) ctx.out(JSON.stringify(r));
      else for (const l of selftestLines(r, ctx)) ctx.out(l);
      if (!r.pass) ctx.exitCode = EXIT_NEEDS_PERSON;
    });
}
