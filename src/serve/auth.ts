/**
 * Who may use the desk. A browser gets a session (a random id in an HttpOnly, SameSite=Strict
 * cookie that ends with the browser session). On a LAN desk (--host other than loopback) the
 * session must first be opened with the access code printed at start; on loopback it opens by
 * itself. Every state-changing request must carry the session's CSRF token (a form field
 * `_csrf` or the header `x-csrf-token`). With --read-only every state-changing request is refused.
 * On loopback the Host header must name the loopback too (no DNS rebinding from a web page).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'omr_desk';

export interface Session {
  id: string;
  csrf: string;
  authed: boolean;
  /** The reviewer's name, asked once per browser session (recorded as `by`). */
  reviewer: string | null;
  /** Overrides this session made at the review queue, latest last (Backspace takes the last back). */
  undo: { overrideId: number; item: string }[];
  /** The review item this session is looking at. */
  current: string | null;
  seen: number;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** A random access code such as "K7QX-M2PA" (40 bits). */
export function newAccessCode(): string {
  const b = randomBytes(8);
  const chars = [...b].map((x) => ALPHABET[x % ALPHABET.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}`;
}

export const normaliseCode = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Sessions {
  private map = new Map<string, Session>();
  private failures = new Map<string, { n: number; until: number }>();

  constructor(private requireCode: boolean) {}

  get(id: string | undefined): Session | undefined {
    const s = id ? this.map.get(id) : undefined;
    if (s) s.seen = Date.now();
    return s;
  }

  create(): Session {
    const s: Session = { id: randomBytes(24).toString('base64url'), csrf: randomBytes(24).toString('base64url'), authed: !this.requireCode, reviewer: null, undo: [], current: null, seen: Date.now() };
    this.map.set(s.id, s);
    // forget sessions idle for a day
    if (this.map.size > 500) for (const [k, v] of this.map) if (Date.now() - v.seen > 86_400_000) this.map.delete(k);
    return s;
  }

  /** Too many wrong codes from one address: wait. Returns the seconds left, 0 when allowed. */
  lockedFor(ip: string): number {
    const f = this.failures.get(ip);
    return f && f.until > Date.now() ? Math.ceil((f.until - Date.now()) / 1000) : 0;
  }

  failed(ip: string): void {
    const f = this.failures.get(ip) ?? { n: 0, until: 0 };
    f.n++;
    if (f.n >= 5) {
      f.until = Date.now() + 30_000;
      f.n = 0;
    }
    this.failures.set(ip, f);
  }

  succeeded(ip: string): void {
    this.failures.delete(ip);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Is the Host header a loopback name (port ignored)? */
export function loopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return LOOPBACK_HOSTS.has(h.toLowerCase());
}

export const isLoopbackBind = (host: string): boolean => host === '127.0.0.1' || host === 'localhost' || host === '::1';
