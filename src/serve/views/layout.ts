/** The page shell: header with the five pages, main, footer; the error and 404 pages. */
import type { Lang, T } from '../../i18n/index.js';
import { html, type Html } from '../html.js';

export interface ViewCtx {
  t: T;
  lang: Lang;
  csrf: string;
  readOnly: boolean;
  reviewer: string | null;
  exam: string;
}

export type NavKey = 'overview' | 'scan' | 'review' | 'candidates' | 'results' | 'none';

const NAV: { key: Exclude<NavKey, 'none'>; href: string }[] = [
  { key: 'overview', href: '/' },
  { key: 'scan', href: '/scan' },
  { key: 'review', href: '/review' },
  { key: 'candidates', href: '/candidates' },
  { key: 'results', href: '/results' },
];

export function navLabel(t: T, k: Exclude<NavKey, 'none'>): string {
  return t(`desk.nav.${k}`);
}

export function shell(v: ViewCtx, o: { title: string; active: NavKey; body: Html; live?: boolean }): string {
  const { t } = v;
  return (
    '<!doctype html>\n' +
    html`<html lang="${v.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${v.csrf}">
<title>${o.title} · ${v.exam}</title>
<link rel="stylesheet" href="/assets/desk.css">
<script src="/assets/desk.js" defer></script>
</head>
<body data-page="${o.active}"${o.live ? html` data-live="1"` : ''}>
<a class="skip" href="#main">${t('desk.skip')}</a>
<header class="top">
  <span class="brand">omr · ${v.exam}</span>
  <nav aria-label="${t('desk.nav.label')}">
    ${NAV.map((n) => html`<a href="${n.href}"${o.active === n.key ? html` aria-current="page"` : ''}>${navLabel(t, n.key)}</a>`)}
  </nav>
  <span class="who">${v.readOnly ? html`<span class="badge ro">${t('desk.readOnly')}</span>` : ''}${v.reviewer ? html`<span class="badge">${t('desk.reviewer', { name: v.reviewer })}</span>` : ''}</span>
</header>
<main id="main" tabindex="-1">
<h1>${o.title}</h1>
${o.body}
</main>
<footer><span id="conn" role="status" aria-live="polite"></span></footer>
</body>
</html>
`.s
  );
}

export function messagePage(v: ViewCtx, title: string, text: string, back = true): string {
  return shell(v, {
    title,
    active: 'none',
    body: html`<p class="lead">${text}</p>${back ? html`<p><a href="/">${v.t('desk.backHome')}</a></p>` : ''}`,
  });
}

export function notFoundPage(v: ViewCtx, what: string): string {
  return messagePage(v, v.t('desk.404.title'), v.t('desk.404.text', { what }));
}

/** A hidden CSRF field for forms. */
export const csrfField = (v: ViewCtx): Html => html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
