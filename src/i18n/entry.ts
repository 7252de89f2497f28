/**
 * The building blocks of the message catalogue: one entry per message, with its English and
 * Vietnamese renderings side by side (so a reviewer sees both at once and no key can lack one).
 */
export type Lang = 'vi' | 'en';

/** Renders a nested message (a MsgRef or plain text) in the same language. */
export type Nested = (m: Text) => string;

export interface Entry<V> {
  en: (v: V, r: Nested) => string;
  vi: (v: V, r: Nested) => string;
}

/** A message to render later, in the reader's language. Build it with `msg()`. */
export interface MsgRef {
  readonly key: string;
  readonly vars?: unknown;
}

/** Plain text (shown as is, in every language) or a catalogue message. */
export type Text = string | MsgRef;

/** A message with variables: `f((v: { file: string }) => …, (v) => …)`. */
export const f = <V>(en: (v: V, r: Nested) => string, vi: (v: NoInfer<V>, r: Nested) => string): Entry<V> => ({ en, vi });

/** A fixed message. */
export const s = (en: string, vi: string): Entry<void> => ({ en: () => en, vi: () => vi });

/** English plural: `plural(3, 'sheet')` → "3 sheets". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
