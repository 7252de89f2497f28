/** How far a page's fit may be off before no group on it is read silently (light: the desk imports it). */

/**
 * Largest acceptable ring residual (RMS, mm) and 95th percentile: beyond them the bubbles are not
 * where any plane fit puts them (a fold, a curl, a feeder that stretched the paper unevenly), so
 * the page is flagged and no group is read silently. A bubble's measured disc has 1.7 mm radius.
 */
export const MAX_FIT_RESIDUAL_MM = 0.2;
export const MAX_FIT_P95_MM = 0.4;
