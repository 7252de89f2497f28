/** The default number of reading threads, apart from the batch reader so the CLI can show it at start-up. */
import { availableParallelism } from 'node:os';

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}
