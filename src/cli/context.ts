import type { Command } from 'commander';
import type { Lang, T } from '../i18n/index.js';

/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout and stderr are a terminal (progress bars only then). */
  isTTY: boolean;
  /** Set by commands: 0 done, 1 done but something needs a person, 2 bad usage or input. */
  exitCode: number;
  /** Language of the messages (`--lang`, OMR_LANG, default vi). */
  lang: Lang;
  /** Translate a message of src/i18n in `lang`. */
  t: T;
}

export type Register = (program: Command, ctx: CliContext) => void;

export const EXIT_OK = 0;
export const EXIT_NEEDS_PERSON = 1;
export const EXIT_BAD_INPUT = 2;

/** Resolves on Ctrl+C or kill (SIGINT, SIGTERM). */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
