/** The default number of reading threads, apart from the batch reader so the CLI can show it at start-up. */
import { availableParallelism } from 'node:os';

/**
 * Threads that read pages by default: half the cores (at least one). Decoding an image does not
 * run in these threads but in libvips's own, on the other cores, for the next pages while these
 * read: on 2 cores one reading thread with decoding ahead is as fast as two threads that each
 * decode and read, and costs 12 % less CPU (one JavaScript engine to warm up, not two; see
 * docs/performance.md).
 */
export function defaultJobs(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}
