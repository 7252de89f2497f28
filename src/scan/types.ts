/**
 * The `omr scan` output contract (GUIDE.md §3): one PageResult per input page, in input order.
 * Fields may be added; none of the contract fields may be removed or renamed.
 */
export type PageStatus = 'ok' | 'not_a_sheet' | 'error';

/** Why a person should look at a group. */
export type FlagReason =
  | 'multiple' // more than one option clearly marked
  | 'light' // darkest option is between "empty" and "marked": faint pencil, half fill, tick
  | 'ambiguous' // two options nearly equally dark
  | 'erasure' // a partly dark option beside the chosen one (heavy erasure)
  | 'no_digit' // an SBD / mã đề column with no digit marked
  | 'qr_mismatch' // the grid disagrees with the QR identity or the manifest
  | 'unreadable'; // the bubble area could not be measured (outside the image, covered)

export interface GroupRead {
  /** "" blank, "B" one mark, "AC" multiple marks (options in order). */
  value: string;
  flagged: boolean;
  reason?: FlagReason;
  /** Raw darkness per option, 0 (paper) .. 1 (solid black), relative to the sheet's own empty bubbles. */
  fill: number[];
}

export interface SheetIdentity {
  /** QR payload parsed and checksum verified. */
  examId: string;
  serial: string;
  template: string;
  templateVersion: number;
}

export interface PageResult {
  source: string;
  /** 1-based page within a multi-page file; 1 for single images. */
  page: number;
  status: PageStatus;
  /** For not_a_sheet and error: what happened and what to do. */
  reason?: string;
  /** From the QR code; null when the QR could not be read. */
  serial?: string | null;
  candidateNumber?: string;
  examCode?: string;
  /** Clockwise rotation (0, 90, 180, 270) that was undone to read the page. */
  rotation?: number;
  groups?: Record<string, GroupRead>;
  /** Extra evidence. */
  identity?: SheetIdentity | null;
  qr?: { found: boolean; error?: string };
  fit?: {
    marks: number;
    model: string;
    ringHits: number;
    errorPx: number;
    errorPt: number;
    dpi: number;
    skewDeg: number;
    scale: number;
    /** The fit refined on the printed bubble rings: rings measured, RMS and 95th-percentile distance (mm) between each ring and the fit. */
    rings?: { points: number; residualMm: number; p95Mm: number; used: boolean };
  };
  /**
   * Evidence of fit: how far, in millimetres on the paper, the printed bubble rings lie from where
   * the page's fit puts them (RMS over hundreds of rings). Above MAX_FIT_RESIDUAL_MM the page is
   * flagged `fit_error` and every group is flagged `unreadable`.
   */
  fitResidualMm?: number;
  thresholds?: { empty: number; marked: number; cut: number };
  /** Row-major 3×3 homography, layout point (PDF pt) → pixel of the decoded page (`image` size): finds any bubble again without rescanning. */
  homography?: number[];
  image?: { width: number; height: number; sha256?: string };
  timings?: Record<string, number>;
  /** Page-level problems for a person: qr_unreadable, qr_invalid, qr_other_template, qr_position, three_marks, fit_error (marks or bubble rings fit badly). */
  flags?: string[];
  /** Path of the annotated JPEG, when --annotate was given. */
  annotated?: string;
  /** The annotated JPEG that could not be written (the read itself is fine): its path and the system's error code. */
  annotateError?: { path: string; code: string };
  /** SHA-256 of the source file, as evidence. */
  sha256?: string;
}
