/** Pieces every command uses: the examples after --help, the common options, the one-line error. */
import { Option } from 'commander';
import type { T } from '../i18n/index.js';
import { DEFAULT_TEMPLATE } from '../template/paths.js';

/** `\nExamples:\n  omr …` after a command's help (headings in the user's language), after an optional footer. */
export function examples(t: T, lines: string[], footer?: string): string {
  return `\n${footer ? footer + '\n\n' : ''}${t(lines.length > 1 ? 'help.examples' : 'help.example')}\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** `-t, --template <file>` with the bundled template as its default. */
export function templateOption(t: T): Option {
  return new Option('-t, --template <file>', t('opt.template')).default(DEFAULT_TEMPLATE, t('opt.template.default'));
}

/** `omr: message → hint`, one line. */
export function errorLine(message: string, hint: string): string {
  return `omr: ${message} → ${hint}`;
}
