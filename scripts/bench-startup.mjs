#!/usr/bin/env node
// Benchmark of start-up time: how long `omr --help`, `omr --version` and `omr layout` take from
// process start to exit (a command loads its heavy modules, pdf-lib, exceljs, OpenCV, sharp…,
// only when it runs). Runs the compiled CLI (npm run bench:startup builds first). Prints the
// median wall time of N runs of each, next to a bare `node -e 0` for scale.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'omr');
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
// bin/omr is run as a program, as a person runs it (with the Node options on its first line)
const CASES = [
  ['node -e 0 (for scale)', [process.execPath, '-e', '0']],
  ['omr --help', [BIN, '--help']],
  ['omr --version', [BIN, '--version']],
  ['omr layout', [BIN, 'layout']],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function once([program, ...args]) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(program, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OMR_LANG: 'vi' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

console.log(`Start-up, median of ${RUNS} runs (node ${process.version}, ${process.platform}):`);
for (const [label, args] of CASES) {
  once(args); // warm the file cache
  const times = Array.from({ length: RUNS }, () => once(args));
  console.log(`  ${label.padEnd(24)} ${median(times).toFixed(0).padStart(5)} ms   (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
}
