/**
 * `omr serve -w DIR`: the exam desk in a browser (src/serve). Prints the address (and the access
 * code for a LAN desk), serves until Ctrl+C, then closes the workspace cleanly.
 */
import { spawn } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import type { Command } from 'commander';
import path from 'node:path';
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import { defaultJobs } from '../scan/jobs.js';
import { untilStopped, type CliContext } from './context.js';
import { examples } from './help.js';
import { scanNumbers } from './scan.js';
import { WS_FLAGS } from './workspace.js';

interface ServeCliOptions {
  workspace?: string;
  port: string;
  host: string;
  open?: boolean;
  readOnly?: boolean;
  watch?: string;
  jobs?: string;
  maxUploadMb: string;
  json?: boolean;
}

/** The addresses another PC on the network can use (IPv4, not loopback). */
function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => {}).unref();
  } catch {
    /* no browser: the address is printed anyway */
  }
}

export function registerServe(program: Command, ctx: CliContext): void {
  const { t } = ctx;
  program
    .command('serve')
    .description(t('serve.description'))
    .option(WS_FLAGS, t('opt.workspace'))
    .option('-p, --port <port>', t('serve.opt.port'), '8080')
    .option('--host <address>', t('serve.opt.host'), '127.0.0.1')
    .option('--open', t('serve.opt.open'))
    .option('--read-only', t('serve.opt.readOnly'))
    .option('--watch <folder>', t('serve.opt.watch'))
    .option('-j, --jobs <n>', t('scan.opt.jobs', { n: defaultJobs() }))
    .option('--max-upload-mb <mb>', t('serve.opt.maxUpload'), '1024')
    .option('--json', t('opt.json'))
    .addHelpText(
      'after',
      examples(t, ['omr serve -w ky-thi/', 'omr serve -w ky-thi/ --open --watch D:/may-quet', `omr serve -w ky-thi/ --host 0.0.0.0 --port 8080   ${t('serve.example.lan')}`], t('help.exit.plain')),
    )
    .action(async (opts: ServeCliOptions) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new OmrError('USAGE', msg('serve.badPort', { value: opts.port }), { hint: msg('serve.badPort.hint') });
      const mb = Number(opts.maxUploadMb);
      if (!Number.isInteger(mb) || mb < 1) throw new OmrError('USAGE', msg('serve.badSize', { value: opts.maxUploadMb }), { hint: msg('serve.badSize.hint') });
      const { jobs } = scanNumbers({ jobs: opts.jobs });
      const [{ resolveWorkspaceDir }, { buildDesk }] = await Promise.all([import('../workspace/workspace.js'), import('../serve/server.js')]);
      const dir = resolveWorkspaceDir(opts.workspace);
      const desk = await buildDesk({
        workspace: dir,
        host: opts.host,
        lang: ctx.lang,
        readOnly: Boolean(opts.readOnly),
        maxUploadMb: mb,
        ...(jobs ? { jobs } : {}),
        ...(opts.watch ? { watch: opts.watch } : {}),
      });
      try {
        await desk.app.listen({ port, host: opts.host });
      } catch (e) {
        await desk.close();
        throw new OmrError('USAGE', msg('serve.listen', { host: opts.host, port, code: (e as NodeJS.ErrnoException).code ?? (e as Error).message }), { hint: msg('serve.listen.hint') });
      }
      const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      const url = `http://${shownHost}:${port}/`;
      const ws = path.relative(process.cwd(), dir) || '.';
      const lan = opts.host === '0.0.0.0' ? lanAddresses().map((a) => `http://${a}:${port}/`) : [];
      if (opts.json) ctx.out(JSON.stringify({ url, lan, workspace: dir, host: opts.host, port, accessCode: desk.accessCode, readOnly: Boolean(opts.readOnly), watching: desk.state.watch?.folder ?? null }));
      else {
        ctx.out(t('serve.started', { url, ws }));
        if (lan.length) ctx.out(t('serve.lan', { urls: lan.join('  ') }));
        if (desk.accessCode) ctx.out(t('serve.code', { code: desk.accessCode }));
        if (opts.readOnly) ctx.out(t('serve.readOnly'));
        if (desk.state.watch) ctx.out(t('serve.watching', { folder: desk.state.watch.folder }));
      }
      if (opts.open) openBrowser(url);
      await untilStopped();
      await desk.close();
      if (!opts.json) ctx.out(t('serve.stopped'));
    });
}
