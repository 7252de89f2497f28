/**
 * The tables of docs/troubleshooting.md, rendered from the message catalogue so the
 * texts there are exactly what omr prints. `npm run readme:troubleshooting` writes them into
 * docs/troubleshooting.md between the troubleshooting markers; tests/cli-conventions.test.ts
 * checks that the file holds the current rendering. The cause / what-to-do column is written here.
 */
import { MESSAGES } from '../scan/load.js';
import { msg, render, type MsgArgs, type MsgKey } from './index.js';
import { scanReason } from './scan.js';

export const TROUBLESHOOTING_BEGIN = '<!-- troubleshooting:begin (npm run readme:troubleshooting) -->';
export const TROUBLESHOOTING_END = '<!-- troubleshooting:end -->';

export function troubleshootingMarkdown(): string {
  const code = (text: string): string => {
    const s = text.trim();
    return s.includes('`') ? '`` ' + s + ' ``' : '`' + s + '`';
  };
  const pair = (vi: string, en: string): string => (vi === en ? code(en) : `${code(vi)}<br>${code(en)}`);
  const head = '| message (Vietnamese, then `--lang en`) | cause → what to do |\n|---|---|';
  const out: string[] = [];
  const sec = (title: string, intro?: string): void => {
    out.push('', `## ${title}`, '');
    if (intro) out.push(intro, '');
    out.push(head);
  };
  const R = <K extends MsgKey>(key: K, ...rest: [...MsgArgs<K>, string]): void => {
    const fix = rest[rest.length - 1] as string;
    const m = msg(key, ...(rest.slice(0, -1) as MsgArgs<K>));
    out.push(`| ${pair(render('vi', m), render('en', m))} | ${fix} |`);
  };
  const S = (reason: string, fix: string): void => void out.push(`| ${code(scanReason('vi', reason))}<br>${code(reason)} | ${fix} |`);

  // ---- every command
  sec('Any command', 'Usage mistakes (exit 2). The hint after → always names the help to read, e.g. `→ omr scan --help cho xem các tùy chọn và ví dụ`.');
  R('usage.unknownCommand', { name: 'stauts', suggestion: 'status' }, 'a typing mistake in the command name → use the suggested one; `omr --help` lists the commands');
  R('usage.unknownOption', { flag: '--ouput', suggestion: '--out' }, 'an option the command does not have → `omr CMD --help` lists its options');
  R('usage.missingArgument', { name: 'inputs' }, 'the command needs a file or folder → add it (`omr scan scans/ --out results.jsonl`)');
  R('usage.optionMissingArgument', { flag: '-o, --out <file>' }, 'the option was given without its value → write the value after it');
  R('usage.missingMandatory', { flag: '-k, --key <file>' }, 'a required option is missing → add it (omr grade needs `--key` and `--out`)');
  R('usage.excessArguments', { expected: 0, got: 1 }, 'an extra word on the line, often a path with spaces → put such paths in quotes, or give it to the right option (`-w DIR`)');
  R('usage.badLang', { value: 'fr', from: '--lang' }, 'only `vi` and `en` exist → `--lang vi` or `--lang en` (also `OMR_LANG`)');
  R('ws.notHere', { dir: 'DIR' }, 'a workspace command (`key add`, `roster set`, `review`, `override`, `status`, `export`, `scan -w`, `generate -w`) was run outside an exam workspace → add `-w DIR` naming the folder made by `omr init`, or `cd` into it');
  R('ws.notWorkspace', { dir: 'DIR', exists: false }, 'the folder given to `-w` does not exist (typing mistake?) → check the path; make a workspace with `omr init DIR`');
  R('ws.notWorkspace', { dir: 'DIR', exists: true }, 'the folder exists but was not made by `omr init` → give the workspace folder (the one holding `omr.sqlite`)');
  R('db.cannotOpen', { file: 'DIR/omr.sqlite', detail: '…' }, 'the database file is locked, unreadable or not a database → close other programs using it; restore `omr.sqlite` from a backup if it was damaged');
  R('db.unusable', { file: 'DIR/omr.sqlite', detail: '…' }, 'the database is damaged → restore `omr.sqlite` from a backup');
  R('db.newer', { file: 'DIR/omr.sqlite', version: 3, known: 2 }, 'the workspace was made by a newer omr → update omr');
  R('err.unexpected', { message: '…' }, 'a bug → run the same command again with `--debug` and send the whole output to whoever maintains omr');

  // ---- files
  sec('Files given to any command (templates, exam files, rosters, keys)', 'FILE is the path as you typed it; the code in brackets comes from the operating system (ENOENT: no such file, EACCES: no permission, EISDIR: a folder, not a file).');
  R('io.cannotRead', { file: 'FILE', what: 'template', code: 'ENOENT' }, 'wrong path → check it (`omr template check FILE` tests a template on its own)');
  R('io.cannotRead', { file: 'FILE', what: 'exam file', code: 'ENOENT' }, 'wrong path to `--exam` → check it');
  R('io.cannotRead', { file: 'FILE', what: 'roster', code: 'ENOENT' }, 'wrong path to `--roster` → check it');
  R('io.cannotRead', { file: 'FILE', what: 'answer key', code: 'ENOENT' }, 'wrong path to `--key` → check it');
  R('io.cannotRead', { file: 'FILE', what: 'history file', code: 'ENOENT' }, 'wrong path to `--history` → give the previous round\'s ket-qua.csv');
  R('io.cannotRead', { file: 'FILE', what: 'sheet font', code: 'ENOENT' }, 'the installation is incomplete → reinstall (`npm ci`); the fonts ship in `assets/fonts`');
  R('io.invalidJson', { file: 'FILE', what: 'template', detail: '…' }, 'a comma, quote or bracket is wrong → fix it in a text editor; the detail says where');
  R('io.invalidJson', { file: 'FILE', what: 'exam file', detail: '…' }, 'the same, for the exam file');
  R('line.prefixed', { prefix: 'FILE: ', line: msg('template.at', { message: 'must be positive', path: 'bubble.radius' }) }, 'a template value breaks a rule; one line per problem, the path names the field (`answers.parts[1].to`) → fix the template, then `omr template check FILE`. The rule texts (`must be positive`, `part 2 starts after it ends (41 > 40)`, `bubble q12.C overlaps q13.A`, `registration marks must be at least 8 mm … inside the paper edge` …) stay in English');
  R('line.prefixed', { prefix: 'FILE: ', line: msg('template.at', { message: 'must be 1-40 letters, digits, dots, dashes or underscores (no spaces)', path: 'id' }) }, 'the exam file breaks a rule (here the exam id, which goes into every QR code) → fix the exam file (see `templates/exam.example.json`); band rules: names unique, minimums strictly decreasing, the last band at 0');
  R('roster.notUtf8', { file: 'FILE' }, 'the CSV was saved in an old Windows encoding → in Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)"');
  R('io.cannotWrite', { file: 'FILE', code: 'EACCES' }, 'the output folder is missing, read-only, or the file is open in Excel → create the folder, close the file, or write elsewhere');

  // ---- roster rows
  sec('Roster rows (`generate --roster`, `init --roster`, `roster set`, `grade --roster`)', 'One line per problem, with the row as Excel numbers it (the header is row 1). `omr generate` prints nothing until every row is right (exit 2); `roster set`, `init` and `grade` leave the bad rows out and exit 1.');
  const rr = (m: ReturnType<typeof msg>, fix: string, row = 4): void => R('roster.row', { file: 'roster.csv', row, message: m }, fix);
  R('roster.problems', { file: 'roster.csv', n: 2 }, 'the first line of the list; the rows follow → fix them and run the command again');
  rr(msg('roster.sbdDigits', { sbd: '123', digits: 6, padded: '000123' }), 'Excel dropped the leading zeros → format the sbd column as Text and type them again');
  rr(msg('roster.sbdDigits', { sbd: '12A45', digits: 6, padded: null }), 'not digits → correct the SBD');
  rr(msg('roster.sbdEmpty', { digits: 6 }), 'a candidate without SBD → fill it in');
  rr(msg('roster.sbdDuplicate', { sbd: '000101', first: 2 }), 'two candidates with one SBD → give each their own');
  rr(msg('roster.nameEmpty'), 'fill in the name');
  rr(msg('roster.nhom', { nhom: '4' }), 'Nhóm is 1, 2 or 3');
  rr(msg('roster.missingColumn', { column: 'nhom', columns: 'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh' }), 'the header line is missing a column or names it differently → use exactly these column names', 1);
  rr(msg('roster.noCandidates'), 'only a header → add the candidates', 1);
  rr(msg('roster.empty', { columns: 'sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh' }), 'an empty file → export the list again', 1);
  rr(msg('roster.csv', { detail: '…' }), 'a quote opened and never closed → fix that line, or save again from Excel');
  R('ws.noRoster', { file: 'FILE', then: 'changed' }, '`roster set`: no row at all could be used → fix the rows listed under it');
  R('ws.noRoster', { file: 'FILE', then: 'init' }, '`init`: the same; nothing was made');
  R('print.noCandidates', '`generate --roster`: the file has a header only');

  // ---- keys
  sec('Answer key rows (`grade --key`, `init --key`, `key add`)', 'One line per problem: `FILE row N: what → fix`. A mã đề with a problem is not used (its sheets stay "chưa chấm", exit 1); the other mã đề still grade.');
  const kk = (message: ReturnType<typeof msg>, fix: ReturnType<typeof msg>, note: string, row: number | null = 42, file = 'dap-an.csv'): void =>
    R('key.issue', { file, row, message, fix }, note);
  kk(msg('key.answerBad', { value: 'E', cau: '41', code: '101', options: 'A, B, C, D' }), msg('key.fix.oneOf', { options: 'A, B, C, D' }), 'a typing mistake in dap_an');
  kk(msg('key.answerEmpty', { cau: '41', code: '101' }), msg('key.fix.oneOf', { options: 'A, B, C, D' }), 'a question without answer');
  kk(msg('key.duplicate', { cau: 41, code: '101', first: 11, prev: 'B', here: 'A' }), msg('key.fix.keepOne'), 'a question given twice → delete the wrong row');
  kk(msg('key.missing', { code: '101', ranges: '41-45', n: 5, questions: 100 }), msg('key.fix.addMissing'), 'questions missing (no row number: the whole mã đề)', null);
  kk(msg('key.cauRange', { value: '101', code: '101', questions: 100 }), msg('key.fix.questionOrTemplate'), 'a question number beyond the template');
  kk(msg('key.cauFormat', { value: 'x', code: '101' }), msg('key.fix.questionRange', { questions: 100 }), 'not a number in cau');
  kk(msg('key.cauEmpty', { code: '101' }), msg('key.fix.writeQuestion'), 'empty cau');
  kk(msg('key.codeFormat', { value: '10A', digits: 3 }), msg('key.fix.codeAsBubbled'), 'a mã đề that is not digits');
  kk(msg('key.codeEmpty'), msg('key.fix.codeDigits', { digits: 3 }), 'empty ma_de');
  kk(msg('key.header', { missing: 'dap_an', found: 'ma_de, cau, dapan' }), msg('key.fix.headerExact'), 'the header line is wrong', 1);
  kk(msg('key.emptyFile'), msg('key.fix.header'), 'an empty file', null);
  kk(msg('key.notCsv', { detail: '…' }), msg('key.fix.saveCsv'), 'broken quotes, or not a CSV at all', 3);
  kk(msg('key.notJson', { detail: '…' }), msg('key.fix.json'), 'a JSON key with a syntax error', null, 'dap-an.json');
  kk(msg('key.notArray'), msg('key.fix.onePerQuestion'), 'a JSON key that is an object', null, 'dap-an.json');
  kk(msg('key.notObject'), msg('key.fix.object'), 'an item of the JSON array is not an object', 7, 'dap-an.json');
  R('key.issue', { file: 'de-102.csv', row: null, message: msg('key.otherFile', { code: '101', other: 'de-101.csv', ranges: '3, 17' }), fix: msg('key.fix.oneFile') }, 'the same mã đề in two key files with different answers → keep the right one');
  R('ws.noKey', { file: 'FILE', then: 'added' }, '`key add`: no mã đề could be read at all (the rows follow) → fix the file and add it again');
  R('ws.noKey', { file: 'FILE', then: 'init' }, '`init --key`: the same; nothing was made');
  R('ws.keyOverlap', { file: 'FILE', overlap: '101', other: 'keys/dap-an.csv', left: '102' }, '`key add`: a file that replaces only part of another → give every mã đề of the old file in the new one, or use the old file name');

  // ---- generate
  sec('omr generate');
  R('gen.needOut', 'no output file → add `--out sheets.pdf`');
  R('gen.what', 'neither `--count` nor `--roster` → choose one');
  R('gen.both', 'both given → choose one');
  R('usage.wholeNumber', { what: '--count', value: 'abc' }, 'not a number → e.g. `--count 20` (same for `--first-serial`)');
  R('print.count', { n: 50000, max: 20000 }, 'too many sheets in one run → print in several runs with `--first-serial`');
  R('print.firstSerial', { first: 0, max: 999999 }, 'serials run from 000001 to 999999');
  R('print.pastMax', { max: '999999', n: 20, first: '999990' }, 'choose a smaller `--first-serial`');
  R('gen.ws.templateGiven', 'with `-w` the workspace\'s own template and exam are used → leave out `--template`/`--exam`');
  R('gen.ws.noRoster', '`generate -w` with no roster in the workspace → `omr roster set -w DIR FILE`, or `--count N` for blank sheets');
  R('ws.serialsPrinted', { serials: ['000003'] }, 'a `--first-serial` that reuses numbers already printed in this workspace → leave it out: serials continue by themselves');

  // ---- scan
  sec('omr scan', 'Problems with the command (exit 2):');
  R('scan.needOut', 'no place for the results → `--out results.jsonl`, or `-w DIR` for a workspace');
  R('usage.jobs', { value: '0' }, '`--jobs` takes 1 or more');
  R('usage.pdfDpi', { value: '2000' }, '`--pdf-dpi` takes 72 to 600 (200 is right for almost everything)');
  R('scan.ws.templateGiven', 'with `-w` every page is read with the workspace\'s template → leave out `--template`');
  R('ws.templateChanged', { file: 'DIR/template.json' }, 'someone edited template.json inside the workspace → put the original back (its SHA-256 is in the hint and in `omr status`), or make a new workspace');
  R('scan.noPages', 'nothing to read: wrong folder, or the scanner saved elsewhere → give the folder or files holding .jpg .png .tif .pdf');
  out.push('', 'Problems with one page or file (the batch goes on; the page is listed with status `error` or `not_a_sheet`, exit 1). The terminal shows the reason in Vietnamese; `results.jsonl` keeps the English text on the second line of each cell:', '', head);
  S(MESSAGES.notFound, 'a path that does not exist');
  S(MESSAGES.permission('file'), 'no permission to read it (also for a folder)');
  S(MESSAGES.unreadable('EIO'), 'a disk or network-share error while reading');
  S(MESSAGES.emptyFolder, 'the folder holds no scans');
  S(MESSAGES.notScanFile('.docx'), 'a file named explicitly that is not a scan');
  S(MESSAGES.emptyFile, 'a file of 0 bytes (a copy that failed, or the scanner still writing) → copy it again; with `-w`, the next run reads it again');
  S(MESSAGES.notImage('an HTML page'), 'the content is not an image (a web page saved with .jpg, a Word file …)');
  S(MESSAGES.heic, 'an iPhone photo in HEIC');
  S(MESSAGES.corruptFile('JPEG: premature end of data'), 'a file cut off or damaged (a scanner still writing, a broken copy)');
  S(MESSAGES.corruptPage('TIFF: bad strip'), 'one page of a multi-page file damaged; the others are read');
  S(MESSAGES.tiffTruncated(3, 'IFD offset outside the file'), 'a multi-page TIFF cut off after page 3');
  S(MESSAGES.tooLarge(20000, 30000), 'an image far beyond an A4 page at 300 DPI');
  S(MESSAGES.pdfPassword, 'a password on the PDF');
  S(MESSAGES.pdfNoPages, 'an empty PDF');
  S(MESSAGES.pdfCorrupt('xref'), 'a damaged PDF');
  S(MESSAGES.pdfPage('font'), 'one PDF page that cannot be drawn; the others are read');
  S('page could not be decoded → scan it again', 'a page whose image data is unusable');
  S('internal error while reading the page (…) → run again with --debug and report it', 'a bug → report it with the file');
  S('no registration marks found (0 of 4 corner squares) → check that this page is an answer sheet of this exam and that its corners are not cut off or covered', '`not_a_sheet`: a blank page, a cover letter, or a sheet whose corner squares are cut off or covered → if it is a sheet, scan it again flat and whole');
  S('registration marks found but no bubbles where the template puts them (best ring contrast 0.012): not a sat-hach-100 sheet, or printed from another template → check that this page is an answer sheet of this exam and that its corners are not cut off or covered', '`not_a_sheet`: another form with square marks, or a sheet of another template → scan it with the template it was printed from');
  S('registration marks found but only 42 % of the bubbles are where the template puts them: not a sat-hach-100 sheet, or the page is folded, cut or badly distorted → scan the page again, flat and whole; check that it was printed from this template', '`not_a_sheet`: a folded or crumpled page, a photo at a steep angle, a sheet printed with "fit to page"');
  S('sheet printed from template other-100 v2, read with sat-hach-100 v1 → scan it again with --template for its own template', '`error`: the QR says the sheet belongs to another template → scan it with `--template` of that template');
  out.push('', 'Flags on a page that was read (`ok`) mean a person should look; see *What each status and flag means* above for `multiple`, `light`, `erasure`, `ambiguous`, `no_digit`, `unreadable` and the page flags `qr_unreadable`, `qr_invalid`, `qr_other_template`, `qr_position`, `three_marks`, `fit_error`. In the terminal they show as `câu 12 nhiều ô`, `câu 40 tô mờ`, `SBD cột 3 không tô`, `không đọc được mã QR`, `dấu góc khớp kém` ….');

  // ---- grade
  sec('omr grade', 'Problems with the command or its files (exit 2):');
  R('io.cannotRead', { file: 'results.jsonl', what: 'scan results', code: 'ENOENT' }, 'wrong path → give the file written by `omr scan --out`');
  R('grade.noPages', { file: 'results.jsonl' }, 'an empty results file → run `omr scan` first');
  out.push('', 'Problems listed on stderr while grading goes on (exit 1): bad lines of the results file, key and roster rows (above), problems with the `--history` file, and what needs a person. The same lines show in `omr review` and `omr export` of a workspace:', '', head);
  R('grade.jsonl.notJson', { file: 'results.jsonl', line: 7, detail: '…' }, 'a line damaged by hand editing or a crash → run `omr scan` again for that page, or delete the line');
  R('grade.jsonl.notResult', { file: 'results.jsonl', line: 7, detail: 'status: …' }, 'a line that is JSON but not a scan result');
  R('hist.notCsv', { file: 'FILE', detail: '…' }, '`--history`: not the right file');
  R('hist.empty', { file: 'FILE' }, '`--history`: an empty file');
  R('hist.noColumn', { file: 'FILE', row: 1, columns: '"xếp loại"' }, '`--history`: a CSV without the columns of ket-qua.csv');
  const at = (page: number) => ({ source: 'scans/lo-1.pdf', page });
  R('g.flagged', { sbd: '000003', at: at(3), n: 1, ranges: '17' }, 'marks a person must decide (scored 0 until then) → look at the sheet; with a workspace: `omr review`, `omr override`');
  R('g.unknownSbd', { at: at(5), sbd: '999999' }, 'a misread or mis-bubbled SBD, or a candidate missing from the roster');
  R('g.sbdConflict', { sbd: '000005', pages: [at(6), at(7)] }, 'two sheets claim one SBD → find which one is misread');
  R('g.serialConflict', { serial: '000123', pages: [at(8), at(9)] }, 'a photocopied sheet, or a QR misread');
  R('g.noSbd', { at: at(4), read: '01?345' }, 'an SBD column blank or double-marked');
  R('g.sbdCheck', { at: at(4), sbd: '012345', problem: 'cột 3: tô mờ' }, 'an SBD read, but a column was doubtful');
  R('g.noExamCode', { at: at(4), read: '1?1' }, 'a mã đề column blank or double-marked');
  R('g.madeCheck', { at: at(4), code: '101', problem: 'cột 2: tô mờ' }, 'a mã đề read, but a column was doubtful');
  R('g.noKey', { sbd: '000004', at: at(6), code: '105', overridden: false }, 'a mã đề without key: a key file missing, or a misread');
  R('g.keyUnusable', { sbd: '000004', at: at(6), code: '101' }, 'see the key rows above');
  R('g.pageNotOk', { at: at(2), status: 'error', reason: MESSAGES.emptyFile }, 'pages with status `error` (or `not_a_sheet`, listed for information); reasons under *omr scan*');
  R('g.rosterDuplicate', { row: 9, sbd: '000101', first: 2 }, 'a duplicate SBD in the roster');
  R('g.historyAmbiguous', { sbd: '000002', n: 2, file: 'ky-truoc.csv', name: 'Trần Thị Bình', rows: '4, 9' }, '`--history`: two rows of the previous round match one person → check by hand');
  R('g.duplicatePage', { sbd: '000004', pages: [at(4), at(5)] }, 'information: the same sheet scanned twice counts once');
  R('g.pageFlags', { at: at(3), flags: ['qr_position'] }, 'information: see the page flags above');

  // ---- workspace commands
  sec('omr init, key add, roster set');
  R('ws.isFile', { dir: 'DIR' }, 'the name of an existing file was given → choose a folder name');
  R('ws.already', { dir: 'DIR' }, 'the folder is already a workspace → change it with `omr key add` / `omr roster set`, or `--force` to start again (the old database is kept beside it)');
  R('ws.notEmpty', { dir: 'DIR', entries: 'notes.txt' }, 'a folder with other files → use a new folder, or `--force`');
  R('ws.noDoc', { dir: 'DIR', what: 'template' }, 'a damaged workspace → make it again with `omr init`');

  sec('omr override');
  R('ov.what', 'say what to correct: `--question N`, `--sbd` or `--made`');
  R('ov.oneThing', 'one correction per command');
  R('ov.required', { flag: '--reason' }, '`--value`, `--by` and `--reason` are all required: every correction says who and why');
  R('ov.nameSheet', 'name the sheet: `--serial` (the số phiếu under the QR code) or `--page SOURCE:PAGE`');
  R('ov.serialOrPage', 'give one of the two');
  R('ov.serial', { serial: '123' }, 'write all 6 digits: `--serial 000123`');
  R('ov.noSheet', { serial: '000077' }, 'no page with that số phiếu was scanned into this workspace → check the number (`omr review` lists the sheets); a sheet whose QR was not read needs `--page`');
  R('ov.pageRef', { ref: 'scans/lo-2.pdf' }, '`--page` needs the page number after a colon: `scans/lo-2.pdf:7`');
  R('ov.noPage', { ref: 'scans/lo-2.pdf:9' }, 'no such page → copy source and page from `omr review`');
  R('ov.manyPages', { ref: 'lo-2.pdf:7', n: 2, list: 'a/lo-2.pdf:7, b/lo-2.pdf:7', sameName: false }, 'two folders hold a file of that name → give the full source as `omr review` shows it');
  R('ov.pageNotOk', { ref: 'scans/lo-2.pdf:7', status: 'error' }, 'the page was not read, so there is nothing to correct → scan that sheet again');
  R('ov.questionNumber', { value: 'x' }, 'a question number: `--question 17`');
  R('ov.question', { n: 100, value: '101' }, 'the question is outside the template');
  R('ov.answer', { value: 'E', options: 'A, B, C, D' }, 'an answer is A-D, several letters for a double mark (`AC`), or `""` for blank');
  R('ov.digits', { value: '12345', digits: 6, field: 'sbd' }, 'an SBD has 6 digits, a mã đề 3, leading zeros included');
  R('ov.by', '`--by` must not be empty');
  R('ov.reason', '`--reason` must not be empty');

  sec('omr status, review, export', 'These report; what they list is in *What needs a person* (and the grading lines under *omr grade* above). The workspace adds:');
  R('status.changed', { name: 'keys/dap-an.csv', missing: false, sha: '9620c94b3070…' }, 'a file inside the workspace folder was edited by hand; the workspace keeps using the stored copy → to use the edited file, `omr key add -w DIR FILE` / `omr roster set -w DIR FILE`');
  R('g.absent', { sbd: '000007', name: 'Đỗ Thị Phương' }, 'information: a roster candidate with no sheet (absent, a sheet still to scan, or a misread SBD)');
  R('g.manifestMismatch', { at: { source: 'scans/lo-2.pdf', page: 3 }, serial: '000005', who: '000005 (Phạm Thị Dung)', sbd: '000007', overridden: false }, 'the sheet printed for one candidate carries another SBD → check the sheet; an SBD override is the person\'s decision');
  R('g.sbdFromManifest', { at: { source: 'scans/lo-2.pdf', page: 3 }, serial: '000005', who: '000005 (Phạm Thị Dung)', sbd: '000005' }, 'the SBD could not be read, but the QR says whose sheet it is → check, then run the suggested override');
  R('g.notPrinted', { at: { source: 'scans/lo-2.pdf', page: 3 }, serial: '000999' }, 'a sheet with a số phiếu never printed for this workspace');
  R('g.otherExam', { at: { source: 'scans/lo-2.pdf', page: 3 }, examId: 'ky-khac-2024', exam: 'sat-hach-2025' }, 'a sheet of another exam');
  R('rv.pageFlag', { at: { source: 'scans/lo-2.pdf', page: 3 }, flag: 'qr_unreadable', annotated: null }, 'the QR is damaged or covered: correct that sheet with `--page scans/lo-2.pdf:3`');
  R('export.openFlags', { n: 3, ws: ' -w ky-thi' }, 'flags not yet decided: exported with 0 for those answers → `omr review`, then `omr override`, then export again');

  return out.join('\n').trim() + '\n';
}
