/**
 * HTML built on the server, escaped by default: `html\`<p>${name}</p>\`` escapes `name`;
 * values made by `html` or `raw` are kept as they are; arrays are joined; null, undefined and
 * false print nothing.
 */
export class Html {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

export const raw = (s: string): Html => new Html(s);

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.s;
  if (Array.isArray(v)) return v.map(part).join('');
  return esc(String(v));
}

export function html(strings: TemplateStringsArray, ...vals: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < vals.length; i++) out += part(vals[i]) + strings[i + 1];
  return new Html(out);
}

/** A number with Vietnamese or English grouping. */
export const num = (n: number, lang: 'vi' | 'en'): string => n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');

/** "2026-11-29T16:31:00.000Z" → "29/11/2026 16:31" (local time of the desk). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
