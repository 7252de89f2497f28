import type { Command } from 'commander';

/** What a command needs from the outside world; tests pass their own. */
export interface CliContext {
  out: (line: string) => void;
  err: (line: string) => void;
  /** True when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
  /** Set by commands: 0 done, 1 done but something needs a person, 2 bad usage or input. */
  exitCode: number;
}

export type Register = (program: Command, ctx: CliContext) => void;

export const EXIT_OK = 0;
export const EXIT_NEEDS_PERSON = 1;
export const EXIT_BAD_INPUT = 2;
