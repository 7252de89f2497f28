/**
 * Entry point of `npm start`: node dist/demo/main.js [--out DIR] [--jobs N] [--lang vi|en]
 * (or OMR_DEMO_OUT=DIR, OMR_LANG=en). Prints every step, then the closing table; exit 0 when
 * the whole job ran (flags left for a person are part of the story), 1 when it did not.
 */
import path from 'node:path';
import { pickLang, type Lang } from '../i18n/index.js';
import { closingLines, DemoError, runDemo } from './run.js';

const USAGE = {
  en: 'usage: npm start [-- --out DIR] [--jobs N] [--lang vi|en]   (or OMR_DEMO_OUT=DIR npm start): the whole job on the example exam, outputs under DIR (default demo-output/, recreated on every run)',
  vi: 'cách dùng: npm start [-- --out DIR] [--jobs N] [--lang vi|en]   (hoặc OMR_DEMO_OUT=DIR npm start): làm trọn việc của kỳ thi mẫu, các tệp ghi vào DIR (mặc định demo-output/, tạo lại mỗi lần chạy)',
};

async function run(argv: string[], lang: Lang): Promise<number> {
  const usage = (): never => {
    throw new DemoError(USAGE[lang]);
  };
  let outDir = process.env.OMR_DEMO_OUT || 'demo-output';
  let jobs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') outDir = argv[++i] ?? usage();
    else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a === '--jobs' || a === '-j') {
      jobs = Number(argv[++i]);
      if (!Number.isInteger(jobs) || jobs < 1) usage();
    } else if (a === '--lang') i++;
    else if (a.startsWith('--lang=')) continue;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE[lang] + '\n');
      return 0;
    } else usage();
  }
  const cwd = process.cwd();
  const show = (p: string) => {
    const r = path.relative(cwd, p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  const r = await runDemo({ outDir, lang, ...(jobs ? { jobs } : {}) });
  process.stdout.write('\n' + closingLines(r, show).join('\n') + '\n');
  return 0;
}

const argv = process.argv.slice(2);
const picked = pickLang(argv, process.env);
try {
  if (picked.bad) throw new DemoError(`--lang / OMR_LANG "${picked.bad.value}": vi | en`);
  process.exitCode = await run(argv, picked.lang);
} catch (e) {
  if (e instanceof DemoError) process.stderr.write(`omr demo: ${e.message}\n`);
  else process.stderr.write(`omr demo: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
