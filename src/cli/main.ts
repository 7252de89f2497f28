import { Command, CommanderError } from 'commander';
import { isOmrError, OmrError } from '../errors.js';
import { EXIT_BAD_INPUT, type CliContext, type Register } from './context.js';
import { registerLayout } from './layout.js';
import { registerGenerate } from './generate.js';
import { registerScan } from './scan.js';
import { registerGrade } from './grade.js';
import { registerInit } from './init.js';
import { registerKey } from './key.js';
import { registerRoster } from './roster.js';
import { registerReview } from './review.js';
import { registerOverride } from './override.js';
import { registerStatus } from './status.js';
import { registerExport } from './export.js';
import { registerSelftest } from './selftest.js';

/** Every command module registers itself here. */
const COMMANDS: Register[] = [registerLayout, registerGenerate, registerScan, registerGrade, registerInit, registerKey, registerRoster, registerReview, registerOverride, registerStatus, registerExport, registerSelftest];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command();
  program
    .name('omr')
    .description('Answer sheets for the sát hạch exam: print numbered sheets, read scans, grade and export.')
    .option('--debug', 'show stack traces on errors')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s.replace(/\n$/, '')), writeErr: (s) => ctx.err(s.replace(/\n$/, '')) });
  for (const reg of COMMANDS) reg(program, ctx);
  return program;
}

export function formatError(e: unknown, debug: boolean): string[] {
  if (isOmrError(e)) {
    const lines = [`omr: ${e.message}`];
    if (e.hint) lines.push(`  → ${e.hint}`);
    if (debug && e.stack) lines.push(e.stack);
    return lines;
  }
  const err = e as Error;
  return [`omr: unexpected error: ${err?.message ?? String(e)}`, ...(debug && err?.stack ? [err.stack] : ['  → run again with --debug and report the output'])];
}

/** Run the CLI; returns the exit code. */
export async function main(argv: string[], ctx?: Partial<CliContext>): Promise<number> {
  const c: CliContext = {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    isTTY: Boolean(process.stdout.isTTY),
    exitCode: 0,
    ...ctx,
  };
  const program = buildProgram(c);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return c.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return EXIT_BAD_INPUT;
    }
    for (const line of formatError(e, debug)) c.err(line);
    return e instanceof OmrError ? EXIT_BAD_INPUT : EXIT_BAD_INPUT;
  }
}
