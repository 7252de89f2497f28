/**
 * CLI language: Vietnamese by default (the people at the desk), English with `--lang en` or
 * `OMR_LANG=en`. One typed catalogue, no dependency:
 *
 *   const t = translator('vi');
 *   t('scan.noPages')                       // fixed message
 *   t('gen.done', { pages: 3, ... })        // message with variables (typed per key)
 *   new OmrError('IO', msg('io.cannotRead', { file, what: 'roster', code }))  // core: render later
 *
 * Printed sheets, CSV headers and the scan JSONL (`reason`) are not translated: they are
 * Vietnamese (sheets, CSV) or English (JSONL, a contract for other tools) whatever the language.
 */
import { CLI } from './cli.js';
import { CORE } from './core.js';
import { COUNCIL } from './council.js';
import { EVIDENCE } from './evidence.js';
import { ROBUST_SCAN } from './robust-scan.js';
import { SERVE } from './serve.js';
import type { Entry, Lang, MsgRef, Text } from './entry.js';

export type { Lang, MsgRef, Text } from './entry.js';

export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';

export const CATALOGUE = { ...CORE, ...CLI, ...COUNCIL, ...EVIDENCE, ...ROBUST_SCAN, ...SERVE };
export type Catalogue = typeof CATALOGUE;
export type MsgKey = keyof Catalogue;
type VarsOf<K extends MsgKey> = Catalogue[K] extends Entry<infer V> ? V : never;
/** `[]` for a fixed message, `[vars]` for one with variables. */
export type MsgArgs<K extends MsgKey> = [VarsOf<K>] extends [void] ? [] : [vars: VarsOf<K>];

/** Translate a catalogue key in one language. */
export type T = <K extends MsgKey>(key: K, ...args: MsgArgs<K>) => string;

export function isLang(v: unknown): v is Lang {
  return v === 'vi' || v === 'en';
}

/** A message to render later (in core errors and issues): the key and its variables. */
export function msg<K extends MsgKey>(key: K, ...args: MsgArgs<K>): MsgRef {
  return args.length ? { key, vars: args[0] } : { key };
}

export function isMsgRef(v: unknown): v is MsgRef {
  return typeof v === 'object' && v !== null && typeof (v as MsgRef).key === 'string' && (v as MsgRef).key in CATALOGUE;
}

/** Render plain text (as is) or a catalogue message in `lang`. */
export function render(lang: Lang, m: Text): string {
  if (typeof m === 'string') return m;
  const entry = (CATALOGUE as Record<string, Entry<unknown>>)[m.key];
  if (!entry) return m.key;
  return entry[lang](m.vars, (n) => render(lang, n));
}

export function translator(lang: Lang): T {
  return ((key: MsgKey, ...args: unknown[]) => render(lang, { key, vars: args[0] })) as T;
}

/** Every key of the catalogue (for tests). */
export const MESSAGE_KEYS = Object.keys(CATALOGUE) as MsgKey[];

/**
 * The language asked for: `--lang X` / `--lang=X` on the command line (before any `--`), else
 * the environment variable OMR_LANG, else Vietnamese. An unknown value is returned in `bad`.
 */
export function pickLang(argv: readonly string[], env: Record<string, string | undefined>): { lang: Lang; bad?: { value: string; from: '--lang' | 'OMR_LANG' } } {
  let fromArgv: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === '--lang') fromArgv = argv[i + 1] ?? '';
    else if (a.startsWith('--lang=')) fromArgv = a.slice('--lang='.length);
  }
  if (fromArgv !== undefined) {
    const v = fromArgv.trim().toLowerCase();
    return isLang(v) ? { lang: v } : { lang: envLang(env) ?? DEFAULT_LANG, bad: { value: fromArgv, from: '--lang' } };
  }
  const raw = env.OMR_LANG;
  if (raw !== undefined && raw.trim() !== '') {
    const v = normaliseEnv(raw);
    return v ? { lang: v } : { lang: DEFAULT_LANG, bad: { value: raw, from: 'OMR_LANG' } };
  }
  return { lang: DEFAULT_LANG };
}

/** OMR_LANG accepts `en`, `vi`, and locale forms such as `en_US.UTF-8` or `vi-VN`. */
function normaliseEnv(raw: string): Lang | undefined {
  const v = raw.trim().toLowerCase().split(/[-_.]/)[0];
  return isLang(v) ? v : undefined;
}

function envLang(env: Record<string, string | undefined>): Lang | undefined {
  return env.OMR_LANG ? normaliseEnv(env.OMR_LANG) : undefined;
}
