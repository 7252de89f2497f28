/**
 * Heap ballast for a thread that reads many pages.
 *
 * V8 starts a heap small and sizes the next full garbage collection from what survived the last
 * one. A reading thread keeps only about 8 MB alive, so the room left in its old generation is
 * soon smaller than its young generation, and V8 then starts a full (mark-compact) collection:
 * 36 of them over 200 pages, one every 5-6 pages, marking everything each time. Holding an array
 * of 2 million zeros (16 MB, nothing in it for the collector to follow) makes V8 size its limits
 * from a 24 MB heap: 1 full collection over the same 200 pages, 4-5 ms less CPU a page, about
 * 16 MB more memory (docs/performance.md). `node --initial-heap-size=64` does the same, but
 * any heap option on the command line costs 25-30 ms of start-up, which a one-page scan cannot
 * spare, and worker threads cannot be given one.
 */
const BALLAST_LENGTH = 2_000_000;

let ballast: number[] | undefined;
let holders = 0;

/** Hold the ballast (counted: every holder must release it). */
export function holdHeapBallast(): void {
  holders++;
  ballast ??= new Array<number>(BALLAST_LENGTH).fill(0);
}

/** Release it; the last release lets it go. */
export function releaseHeapBallast(): void {
  holders = Math.max(0, holders - 1);
  if (holders === 0) ballast = undefined;
}

/** Whether the ballast is held now (for tests). */
export const heapBallastHeld = (): boolean => ballast !== undefined;
