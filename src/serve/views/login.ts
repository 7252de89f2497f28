/** The access-code page of a LAN desk. */
import { html } from '../html.js';
import { csrfField, shell, type ViewCtx } from './layout.js';

export function loginPage(v: ViewCtx, error: string | null, next: string): string {
  const { t } = v;
  return shell(v, {
    title: t('desk.login.title'),
    active: 'none',
    body: html`<form method="post" action="/login" class="box">
${csrfField(v)}<input type="hidden" name="next" value="${next}">
<p>${t('desk.login.text')}</p>
${error ? html`<p class="attn" role="alert">${error}</p>` : ''}
<label for="code">${t('desk.login.code')}</label>
<input id="code" name="code" required autocomplete="off" autocapitalize="characters" autofocus>
<button type="submit">${t('desk.login.open')}</button>
</form>`,
  });
}
