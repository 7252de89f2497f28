/**
 * Heap ballast for a thread that reads many pages.
 *
 * V8 starts a heap small and sizes the next full garbage collection from what survived the last
 * one. A reading thread keeps only about 8 MB alive, so the room left in its old generation is
 * soon smaller than its young generation, and V8 then starts a full (mark-compact) collection:
 * 36 of them over 200 pages, one every 5-6 pages, marking everything each time. Holding a big
 * string makes V8 size its limits from a bigger heap: 1 full collection over the same 200 pages,
 * 4-5 ms less CPU a page (docs/performance.md). A string, not an array of zeros: the collector
 * never looks inside one, and it is made in a third of the time (27 ms for 48 MB, against 65-69
 * ms to fill an array, at the second page, while the first decodes are waiting to be read);
 * about 0.6 ms of CPU a page less over 200 pages (docs/performance.md, fifth round).
 * `node --initial-heap-size=64` does the same, but any heap option on the command line costs
 * 25-30 ms of start-up, which a one-page scan cannot spare, and worker threads cannot be given one.
 *
 * How much: with the decodes kept going ahead (batch.ts), 16 MB left the main thread, whose
 * young generation grows to 16 MB a half, at the edge: in 1-3 of 10 runs of 200 pages V8 fell
 * into a full collection every 4 pages (30-40 in all, about 5 ms of CPU a page more). With 48 MB:
 * 1-2 in all, at most 5, over 16 runs. A pool's worker holds none: its young generation is capped
 * instead (batch.ts), which costs far less memory.
 */
/** Ballast of the main thread when it reads a batch itself. */
export const MAIN_BALLAST_MB = 48;

let ballast: string | undefined;
let holders = 0;

/** Hold the ballast (counted: every holder must release it; the first holder's size stays). */
export function holdHeapBallast(mb = MAIN_BALLAST_MB): void {
  holders++;
  if (ballast === undefined) {
    ballast = ' '.repeat(mb * 2 ** 20);
    ballast.charCodeAt(0); // made flat: one string of mb MB in V8's heap, not a chain of halves
  }
}

/** Release it; the last release lets it go. */
export function releaseHeapBallast(): void {
  holders = Math.max(0, holders - 1);
  if (holders === 0) ballast = undefined;
}

/** The ballast held now, in MB (0 when none; for tests). */
export const heapBallastMb = (): number => (ballast?.length ?? 0) / 2 ** 20;
