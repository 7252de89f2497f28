/**
 * Heap headroom for a thread that reads many pages.
 *
 * V8 starts a heap small and sizes the next full garbage collection from what survived the last
 * one. A reading thread keeps only about 8 MB alive, so the room left in its old generation is
 * soon smaller than its young generation, and V8 then starts a full (mark-compact) collection:
 * 36 of them over 200 pages, one every 5-6 pages, marking everything each time.
 *
 * While a batch is read in this thread, V8's heap is let grow to eleven times what survived the
 * last full collection (`--heap-growing-percent=1000`, set through `v8.setFlagsFromString`, which
 * V8 reads at every full collection; back to its default, 0, when the batch ends): 2 full
 * collections over 200 pages. Until the sixth round this was a ballast, a 48 MB string held in the
 * heap for V8 to size its limits from (1 full collection over 200 pages); the flag gives the same
 * without making and holding the string: 27-33 ms of start-up less, 0.3 ms of CPU a page less, and
 * 35-60 MB less memory (200 pages: peak RSS 186-202 MB against 237-250; PDFs of 300 and 1,000
 * pages: 243 and 273 MB against 275 and 281, 51 ms of CPU a page against 65). Command-line heap
 * options would cost every `omr` 25-30 ms of start-up, and a one-page scan holds none.
 *
 * A pool's worker does not read with it: its young generation is capped instead (batch.ts).
 * The flag is the process's: it is set by the first holder and cleared by the last.
 */
import v8 from 'node:v8';

/** How much V8's heap may grow past what survived a full collection, in per cent, while held. */
export const HEADROOM_PERCENT = 1000;

let holders = 0;

/** Hold the headroom (counted: every holder must release it). */
export function holdHeapHeadroom(): void {
  if (holders++ === 0) v8.setFlagsFromString(`--heap-growing-percent=${HEADROOM_PERCENT}`);
}

/** Release it; the last release gives V8 back its own growing factor. */
export function releaseHeapHeadroom(): void {
  if (holders === 0) return;
  if (--holders === 0) v8.setFlagsFromString('--heap-growing-percent=0');
}

/** The headroom held now, in per cent (0 when none; for tests). */
export const heapHeadroomPercent = (): number => (holders > 0 ? HEADROOM_PERCENT : 0);
