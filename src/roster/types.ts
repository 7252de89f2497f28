import type { MsgRef } from '../i18n/index.js';

/** One candidate (thí sinh) from the roster CSV `sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh`. */
export interface Candidate {
  /** 1-based data row number in the CSV (header is row 1, so the first candidate is row 2). */
  row: number;
  /** Số báo danh: exactly the template's digit count (6 for sat-hach-100), digits only. */
  sbd: string;
  hoTen: string;
  ngaySinh: string;
  donVi: string;
  /** Nhóm 1, 2 or 3 (GUIDE.md §1). */
  nhom: 1 | 2 | 3;
  chucDanh: string;
}

/** A problem with one roster row: message names file, row and the fix. */
export interface RowIssue {
  file: string;
  row: number;
  /** English: `roster.csv row 4: nhóm "4" must be 1, 2 or 3 → fix the nhom column`. */
  message: string;
  /** The same line as a catalogue message (src/i18n), for the CLI's language. */
  msg?: MsgRef;
}

export interface RosterParse {
  candidates: Candidate[];
  issues: RowIssue[];
  /** Data rows read (the header not counted); `rows - candidates.length` were left out. */
  rows: number;
}
