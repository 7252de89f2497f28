import { Command, CommanderError, Help, type Option } from 'commander';
import { isOmrError } from '../errors.js';
import { DEFAULT_LANG, pickLang, translator, type Lang, type MsgKey, type T } from '../i18n/index.js';
import { EXIT_BAD_INPUT, type CliContext, type Register } from './context.js';
import { errorLine, examples } from './help.js';
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
import { registerCouncil } from './council.js';
import { registerComplaint } from './complaint.js';
import { registerArchive } from './archive.js';
import { registerServe } from './serve.js';

/** Every command module registers itself here. */
const COMMANDS: Register[] = [registerLayout, registerGenerate, registerScan, registerGrade, registerInit, registerKey, registerRoster, registerReview, registerOverride, registerStatus, registerExport, registerSelftest, registerCouncil, registerComplaint, registerArchive, registerServe];

export function buildProgram(ctx: CliContext): Command {
  const { t } = ctx;
  const program = new Command();
  const titles = new Set(['Usage:', 'Options:', 'Commands:', 'Arguments:', 'Global Options:']);
  const base = new Help();
  program
    .name('omr')
    .description(t('main.description'))
    .option('--debug', t('opt.debug'))
    .option('--lang <lang>', t('opt.lang'))
    .helpOption('-h, --help', t('opt.help'))
    .helpCommand('help [command]', t('cmd.help'))
    .exitOverride()
    .configureHelp({
      styleTitle: (str) => (titles.has(str) ? t(`help.title.${str}` as MsgKey & `help.title.${string}`) : str),
      optionDescription: (o: Option) => base.optionDescription(o).replace(/\(default: /, `(${t('help.default')}: `),
    })
    .configureOutput({ writeOut: (s) => ctx.out(s.replace(/\n$/, '')), writeErr: (s) => ctx.err(s.replace(/\n$/, '')), outputError: () => {} })
    .addHelpText(
      'after',
      examples(t, ['omr generate --count 20 --out sheets.pdf', 'omr scan scans/ --out results.jsonl', 'omr grade results.jsonl --key dap-an.csv --roster roster.csv --out ket-qua/', 'omr status -w ky-thi/'], t('help.footer')),
    );
  for (const reg of COMMANDS) reg(program, ctx);
  return program;
}

/** The full name of a command (`template check`), without the program name. */
function commandPath(cmd: Command | undefined): string {
  const names: string[] = [];
  for (let c = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Commander's usage errors as one line in the user's language. */
function usageMessage(e: CommanderError, t: T): string {
  const quoted = /'([^']*)'/.exec(e.message)?.[1] ?? '';
  const suggestion = /Did you mean (?:one of )?([^?]+)\?/.exec(e.message)?.[1]?.trim() ?? null;
  switch (e.code) {
    case 'commander.unknownCommand':
      return t('usage.unknownCommand', { name: quoted, suggestion });
    case 'commander.unknownOption':
      return t('usage.unknownOption', { flag: quoted, suggestion });
    case 'commander.missingArgument':
      return t('usage.missingArgument', { name: quoted });
    case 'commander.optionMissingArgument':
      return t('usage.optionMissingArgument', { flag: quoted });
    case 'commander.missingMandatoryOptionValue':
      return t('usage.missingMandatory', { flag: quoted });
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(e.message);
      return t('usage.excessArguments', { expected: Number(m?.[1] ?? 0), got: Number(m?.[2] ?? 0) });
    }
    default:
      return t('usage.other', { detail: e.message.replace(/^error: /, '').split('\n')[0] });
  }
}

/** One error as the lines to print: `omr: message → hint` (a list of problems goes under it). */
export function formatError(e: unknown, debug: boolean, lang: Lang = DEFAULT_LANG): string[] {
  const t = translator(lang);
  let lines: string[];
  let hint: string | undefined;
  if (isOmrError(e)) ({ lines, hint } = e.localize(lang));
  else {
    lines = [t('err.unexpected', { message: (e as Error)?.message ?? String(e) })];
    if (!debug) hint = t('err.unexpected.hint');
  }
  const out = [`omr: ${lines[0]}`, ...lines.slice(1)];
  if (hint) {
    if (out.length === 1) out[0] += ` → ${hint}`;
    else out.push(`  → ${hint}`);
  }
  const stack = (e as Error)?.stack;
  if (debug && stack) out.push(stack);
  return out;
}

let pipeGuarded = false;

/**
 * `omr status | head`: when the reader goes away, writes to stdout fail with EPIPE. Stop
 * writing and let the command finish quietly (no "Unhandled 'error' event").
 */
function guardPipes(closed: { stdout: boolean; stderr: boolean }): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]] as const) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
        closed[name] = true;
        return;
      }
      throw err;
    });
  }
}

const closed = { stdout: false, stderr: false };

export interface MainOptions extends Partial<CliContext> {
  /** Environment (OMR_LANG); process.env by default. */
  env?: Record<string, string | undefined>;
}

/** Run the CLI; returns the exit code. */
export async function main(argv: string[], opts: MainOptions = {}): Promise<number> {
  const { env = process.env, ...ctxIn } = opts;
  if (!ctxIn.out || !ctxIn.err) guardPipes(closed);
  const picked = pickLang(argv.slice(2), ctxIn.lang ? { ...env, OMR_LANG: ctxIn.lang } : env);
  const lang = picked.lang;
  const t = translator(lang);
  const c: CliContext = {
    out: (l) => {
      if (!closed.stdout) process.stdout.write(l + '\n');
    },
    err: (l) => {
      if (!closed.stderr) process.stderr.write(l + '\n');
    },
    isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
    exitCode: 0,
    ...ctxIn,
    lang,
    t,
  };
  const debug = argv.includes('--debug');
  if (picked.bad) {
    c.err(errorLine(t('usage.badLang', picked.bad), t('usage.badLang.hint')));
    return EXIT_BAD_INPUT;
  }
  let failing: Command | undefined;
  const program = buildProgram(c);
  // remember which command reported a usage error, to point at its --help
  const track = (cmd: Command): void => {
    cmd.configureOutput({ outputError: () => void (failing = cmd) });
    cmd.commands.forEach(track);
  };
  track(program);
  try {
    await program.parseAsync(argv);
    return c.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, help, --version
      if (e.code === 'commander.help') return EXIT_BAD_INPUT; // `omr` or `omr key` alone: help on stderr
      const command = commandPath(failing);
      c.err(errorLine(usageMessage(e, t), t('usage.hint', { command })));
      return EXIT_BAD_INPUT;
    }
    for (const line of formatError(e, debug, lang)) c.err(line);
    return EXIT_BAD_INPUT;
  }
}
