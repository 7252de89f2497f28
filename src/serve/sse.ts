/**
 * Server-sent events: the pages listen on /events and refresh their live part when told. The
 * server says `changed` whenever the workspace changes (a poll of a cheap version query, so a
 * `omr scan` or `omr override` run in a terminal shows too) and `scan` while a scan runs.
 */
import type { FastifyReply } from 'fastify';

export class EventHub {
  private clients = new Set<FastifyReply>();
  private keepAlive: NodeJS.Timeout;

  constructor() {
    this.keepAlive = setInterval(() => this.raw(': keep-alive\n\n'), 15_000);
    this.keepAlive.unref();
  }

  get size(): number {
    return this.clients.size;
  }

  attach(reply: FastifyReply): void {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    this.clients.add(reply);
    res.on('close', () => this.clients.delete(reply));
  }

  send(event: string, data: unknown): void {
    this.raw(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private raw(s: string): void {
    for (const c of this.clients) {
      try {
        c.raw.write(s);
      } catch {
        this.clients.delete(c);
      }
    }
  }

  close(): void {
    clearInterval(this.keepAlive);
    for (const c of this.clients) c.raw.end();
    this.clients.clear();
  }
}
