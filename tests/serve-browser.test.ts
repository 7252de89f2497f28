/**
 * The desk in a real browser: Debian's Chromium driven by playwright-core, headless. On generated
 * scans: open Tổng quan, upload a batch and watch the rows arrive, two reviewers resolve every
 * flagged item with the keyboard only (never the same item), open a candidate page, download
 * ket-qua.csv and compare it with what `omr export` writes; the access code and CSRF refusals.
 *
 * Without /usr/bin/chromium the tests are skipped with a message (install: apt-get install
 * chromium); with OMR_REQUIRE_BROWSER=1 (CI) a missing browser is a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { buildDesk, type Desk } from '../src/serve/server.js';
import { makeDeskWorkspace } from './serve-helpers.js';

export const CHROMIUM = process.env.OMR_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
const required = process.env.OMR_REQUIRE_BROWSER === '1';

if (!have && !required) {
  console.warn(`serve-browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install chromium (or set OMR_CHROMIUM to its path)`);
}

describe.skipIf(!have && !required)('the desk in Chromium', () => {
  let base: string;
  let dir: string;
  let scans: string[];
  let desk: Desk;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!have) throw new Error(`OMR_REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}: install it with apt-get install -y chromium`);
    base = mkdtempSync(path.join(tmpdir(), 'omr-serve-browser-'));
    ({ dir, scans } = await makeDeskWorkspace(base));
    desk = await buildDesk({ workspace: dir, jobs: 1, pollMs: 300 });
    await desk.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(desk.app.server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  const keyOf = (p: Page) => p.locator('#item').getAttribute('data-key');
  /** Press a key and wait for the item to change (or the queue to end). */
  async function press(p: Page, key: string, before: string | null): Promise<string | null> {
    await p.keyboard.press(key);
    await p.waitForFunction((k) => document.getElementById('item')?.getAttribute('data-key') !== k && !document.getElementById('review')?.hasAttribute('aria-busy'), before);
    return keyOf(p);
  }

  it('upload a batch, watch the rows arrive; two reviewers resolve every flag by keyboard; candidate page; export equals omr export', async () => {
    const a = await browser.newContext({ acceptDownloads: true });
    const b = await browser.newContext();
    const pa = await a.newPage();
    const errors: string[] = [];
    pa.on('pageerror', (e) => errors.push(e.message));

    // ---- Tổng quan, then Quét: upload, rows arrive by themselves
    await pa.goto(url + '/');
    await expect.poll(() => pa.locator('h1').first().textContent()).toBe('Tổng quan');
    await pa.goto(url + '/scan');
    await pa.setInputFiles('#files', scans);
    await pa.click('#upload button[type=submit]');
    await pa.waitForFunction(() => document.querySelectorAll('#live table.rows tbody tr').length >= 4, undefined, { timeout: 45_000 });
    await expect.poll(() => pa.locator('#live table.rows').first().textContent()).toContain('000001');
    await desk.state.jobs.idle();
    await pa.goto(url + '/');
    await expect.poll(() => pa.locator('.cards .card').first().first().textContent()).toContain('4');

    // ---- Xem lại: the name once, then keys only
    const total = desk.state.cache.queue().length;
    expect(total).toBeGreaterThanOrEqual(3);
    const pb = await b.newPage();
    for (const [p, name] of [[pa, 'Nguyễn Văn A'], [pb, 'Trần Thị B']] as const) {
      await p.goto(url + '/review');
      await p.keyboard.type(name); // the name field has the focus
      await p.keyboard.press('Enter');
      await p.waitForSelector('#item');
    }
    let ka = await keyOf(pa);
    let kb = await keyOf(pb);
    expect(ka).toBeTruthy();
    expect(kb).toBeTruthy();
    expect(ka).not.toBe(kb);
    // decide, then Backspace brings the same item back
    const first = ka;
    ka = await press(pa, 'b', ka);
    await expect.poll(() => pa.locator('#msg').first().textContent()).toContain('Đã lưu');
    ka = await press(pa, 'Backspace', ka);
    expect(ka).toBe(first);
    // both reviewers until nothing is left
    const decided: string[] = [];
    for (let guard = 0; guard < 40 && (ka || kb); guard++) {
      if (ka) {
        const was = ka;
        const it = pa.locator('#item');
        if ((await it.getAttribute('data-field')) === 'answer') ka = await press(pa, 'Enter', ka);
        else {
          await pa.keyboard.type(((await it.getAttribute('data-read')) ?? '').replace(/\D/g, '0'));
          ka = await press(pa, 'Enter', ka);
        }
        decided.push(was);
      }
      if (kb) {
        const was = kb;
        if ((await pb.locator('#item').getAttribute('data-field')) === 'answer') {
          kb = await press(pb, '0', kb);
          decided.push(was);
        } else kb = await press(pb, 'ArrowRight', kb);
      }
    }
    await expect.poll(() => pa.locator('#item').first().textContent()).toContain('Không còn mục nào cần xem');
    expect(new Set(decided).size).toBe(decided.length); // never the same item twice
    expect(desk.state.cache.queue()).toEqual([]);
    const rows = desk.state.ws.db.prepare('SELECT by, COUNT(*) AS n FROM overrides WHERE id NOT IN (SELECT override_id FROM override_undos) GROUP BY by ORDER BY by').all() as { by: string; n: number }[];
    expect(rows.reduce((s, r) => s + r.n, 0)).toBe(total);
    expect(rows.map((r) => r.by)).toEqual(['Nguyễn Văn A', 'Trần Thị B']);

    // ---- a candidate page
    await pa.goto(url + '/candidates');
    await pa.click('a[href="/candidates/000001"]');
    await expect.poll(() => pa.locator('h1').first().textContent()).toContain('Nguyễn Văn Thí Sinh 1');
    await expect.poll(() => pa.locator('main').first().textContent()).toContain('SHA-256');
    await expect.poll(() => pa.locator('table.answers tbody tr').count()).toBe(100);

    // ---- Kết quả: the download equals omr export
    await pa.goto(url + '/results');
    const [dl] = await Promise.all([pa.waitForEvent('download'), pa.click('a[href="/results/download/ket-qua.csv"]')]);
    const got = readFileSync((await dl.path())!);
    const out = path.join(base, 'cli-export');
    await main(['node', 'omr', 'export', '-w', dir, '--out', out, '--no-xlsx'], { out: () => {}, err: () => {}, isTTY: false });
    expect(got.equals(readFileSync(path.join(out, 'ket-qua.csv')))).toBe(true);
    expect(errors).toEqual([]);
    await a.close();
    await b.close();
  });

  it('a LAN desk asks for the access code; a wrong code and a request without the CSRF token are refused', async () => {
    const lan = await buildDesk({ workspace: dir, jobs: 1, host: '0.0.0.0', accessCode: 'QWER-TYUP', pollMs: 60_000 });
    try {
      await lan.app.listen({ port: 0, host: '127.0.0.1' });
      const lurl = `http://127.0.0.1:${(lan.app.server.address() as AddressInfo).port}`;
      const c = await browser.newContext();
      const p = await c.newPage();
      await p.goto(lurl + '/candidates');
      expect(new URL(p.url()).pathname).toBe('/login');
      await p.fill('#code', 'QWER-0000');
      await p.keyboard.press('Enter');
      await expect.poll(() => p.locator('[role=alert]').first().textContent()).toBe('Sai mã truy cập.');
      await p.fill('#code', 'qwer-tyup');
      await p.keyboard.press('Enter');
      await p.waitForURL(lurl + '/candidates');
      await expect.poll(() => p.locator('h1').first().textContent()).toBe('Thí sinh');
      const forged = await p.request.post(lurl + '/review/name', { form: { name: 'X' } });
      expect(forged.status()).toBe(403);
      expect(await forged.text()).toContain('CSRF');
      await c.close();
    } finally {
      await lan.close();
    }
  });
});
