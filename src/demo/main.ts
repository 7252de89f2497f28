/**
 * Entry point of `npm start`: node dist/demo/main.js [--out DIR] [--jobs N]
 * (or OMR_DEMO_OUT=DIR). Prints every step, then the closing table; exit 0 when the whole job
 * ran (flags left for a person are part of the story), 1 when it did not.
 */
import path from 'node:path';
import { closingLines, DemoError, runDemo } from './run.js';

function usage(): never {
  throw new DemoError('usage: npm start [-- --out DIR] [--jobs N]   (or OMR_DEMO_OUT=DIR npm start)');
}

async function run(argv: string[]): Promise<number> {
  let outDir = process.env.OMR_DEMO_OUT || 'demo-output';
  let jobs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') outDir = argv[++i] ?? usage();
    else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a === '--jobs' || a === '-j') {
      jobs = Number(argv[++i]);
      if (!Number.isInteger(jobs) || jobs < 1) usage();
    } else if (a === '--help' || a === '-h') {
      process.stdout.write('npm start [-- --out DIR] [--jobs N]: the whole job on the example exam, outputs under DIR (default demo-output/, recreated on every run)\n');
      return 0;
    } else usage();
  }
  const cwd = process.cwd();
  const show = (p: string) => {
    const r = path.relative(cwd, p);
    return r === '' ? '.' : r.startsWith('..') ? p : r;
  };
  const r = await runDemo({ outDir, ...(jobs ? { jobs } : {}) });
  process.stdout.write('\n' + closingLines(r, show).join('\n') + '\n');
  return 0;
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (e) {
  if (e instanceof DemoError) process.stderr.write(`omr demo: ${e.message}\n`);
  else process.stderr.write(`omr demo: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exitCode = 1;
}
