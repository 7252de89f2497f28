/**
 * The council's report from a workspace, as `omr report -w` and the desk's Kết quả page make it:
 * the date (today unless given), the day grading was completed (the last read or override unless
 * given), the working-day calendar, the complaints recorded; then buildReport.
 */
import { OmrError } from '../errors.js';
import { msg } from '../i18n/index.js';
import type { WorkspaceResults } from '../workspace/results.js';
import type { Workspace } from '../workspace/workspace.js';
import { loadHolidays, today, type Day } from './calendar.js';
import { complaintsOf, gradingCompletedOn } from './facts.js';
import { buildReport, type Report } from './report.js';

export interface CouncilReportInput {
  date?: Day;
  gradedOn?: Day;
  number?: string;
  /** A holidays file extending the bundled calendar. */
  holidays?: string;
}

export function councilReport(ws: Workspace, res: WorkspaceResults, o: CouncilReportInput = {}): { report: Report; date: Day; gradedOn: Day } {
  const holidays = loadHolidays(o.holidays);
  const date = o.date ?? today();
  const gradedOn = o.gradedOn ?? gradingCompletedOn(res);
  if (!gradedOn) throw new OmrError('USAGE', msg('council.noGradedOn'));
  const report = buildReport(res, { date, gradedOn, holidays, ...(o.number ? { number: o.number } : {}), complaints: complaintsOf(ws) });
  return { report, date, gradedOn };
}
