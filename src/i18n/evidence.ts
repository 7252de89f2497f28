/**
 * Messages of `omr complaint` (add, list, resolve, evidence) and `omr archive` (write, verify,
 * restore): core errors and what the CLI prints, English and Vietnamese side by side.
 */
import { f, plural, s } from './entry.js';

const SUBJECT_EN = { question: 'a question', total: 'the total', identity: 'identity (SBD, mã đề, sheet)' } as Record<string, string>;
const SUBJECT_VI = { question: 'câu hỏi', total: 'tổng điểm', identity: 'nhận dạng (SBD, mã đề, phiếu)' } as Record<string, string>;
const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

export const EVIDENCE = {
  // ---- complaints: core
  'cp.serialOrSbd': s('name the sheet with --serial or with --sbd (one of them)', 'chỉ rõ phiếu bằng --serial hoặc --sbd (một trong hai)'),
  'cp.serialOrSbd.hint': s('e.g. --serial 000123 (the số phiếu under the QR code) or --sbd 250012', 'ví dụ --serial 000123 (số phiếu in dưới mã QR) hoặc --sbd 250012'),
  'cp.noSerial': f(
    (v: { serial: string }) => `no sheet with số phiếu ${v.serial} in this workspace`,
    (v) => `không có phiếu nào có số phiếu ${v.serial} trong kỳ thi này`,
  ),
  'cp.noSbd': f(
    (v: { sbd: string }) => `no sheet for SBD ${v.sbd} in this workspace`,
    (v) => `không có phiếu nào của SBD ${v.sbd} trong kỳ thi này`,
  ),
  'cp.noSheet.hint': s('check the number on the complaint against omr status / ket-qua.csv', 'đối chiếu số ghi trên đơn với omr status hoặc ket-qua.csv'),
  'cp.noComplaint': f(
    (v: { id: number | string }) => `there is no complaint number ${v.id}`,
    (v) => `không có đơn khiếu nại số ${v.id}`,
  ),
  'cp.noComplaint.hint': s('omr complaint list --all shows every complaint with its number', 'omr complaint list --all liệt kê mọi đơn kèm số đơn'),
  'cp.required': f(
    (v: { flag: string }) => `${v.flag} is required`,
    (v) => `cần có ${v.flag}`,
  ),
  'cp.add.hint': s(
    'e.g. omr complaint -w ky-thi/ add --serial 000123 --from "Nguyễn Văn A" --about question --question 17 --text "..." --by "Thư ký"',
    'ví dụ omr complaint -w ky-thi/ add --serial 000123 --from "Nguyễn Văn A" --about question --question 17 --text "..." --by "Thư ký"',
  ),
  'cp.subject': f(
    (v: { value: string }) => `--about "${v.value}" must be question, total or identity`,
    (v) => `--about "${v.value}" phải là question (câu hỏi), total (tổng điểm) hoặc identity (nhận dạng)`,
  ),
  'cp.questionsNeeded': s('a complaint about a question needs --question N (repeat for several)', 'khiếu nại về câu hỏi cần --question N (lặp lại nếu nhiều câu)'),
  'cp.future': f(
    (v: { day: string }) => `${v.day} is in the future`,
    (v) => `ngày ${v.day} chưa tới`,
  ),
  'cp.beforeReceived': f(
    (v: { on: string; received: string }) => `settled on ${v.on}, before the complaint was received (${v.received})`,
    (v) => `ngày giải quyết ${v.on} trước ngày nhận đơn (${v.received})`,
  ),
  'cp.alreadyResolved': f(
    (v: { id: number; on: string; by: string }) => `complaint ${v.id} was already settled on ${v.on} by ${v.by}`,
    (v) => `đơn số ${v.id} đã được giải quyết ngày ${v.on} (${v.by})`,
  ),
  'cp.alreadyResolved.hint': s('a settlement is never changed; record a new complaint if the candidate complains again', 'kết quả giải quyết không sửa được; nếu thí sinh tiếp tục khiếu nại, ghi một đơn mới'),
  'cp.resolve.hint': s(
    'e.g. omr complaint -w ky-thi/ resolve 1 --by "Trần Thị Hoa" --resolution "Phúc khảo: câu 17 tô B, sửa điểm" --set 17=B',
    'ví dụ omr complaint -w ky-thi/ resolve 1 --by "Trần Thị Hoa" --resolution "Phúc khảo: câu 17 tô B, sửa điểm" --set 17=B',
  ),
  'cp.badSet': f(
    (v: { value: string }) => `--set "${v.value}" must be QUESTION=ANSWER, e.g. 17=B or 40= (blank)`,
    (v) => `--set "${v.value}" phải có dạng CÂU=ĐÁP_ÁN, ví dụ 17=B hoặc 40= (bỏ trống)`,
  ),

  // ---- complaints: CLI
  'cp.description': s(
    'complaints about a sheet: record, list with deadlines, settle (a re-check goes through an audited override), evidence PDF',
    'đơn khiếu nại về bài làm: ghi nhận, theo dõi hạn, giải quyết (phúc khảo qua sửa tay có lưu vết), hồ sơ chứng cứ PDF',
  ),
  'cp.add.description': s('record a complaint received (deadline: 10 days from receipt)', 'ghi nhận một đơn khiếu nại (hạn giải quyết: 10 ngày kể từ ngày nhận)'),
  'cp.list.description': s('the open complaints and the days left to settle each', 'các đơn đang giải quyết và số ngày còn lại của từng đơn'),
  'cp.resolve.description': s('settle a complaint; --set changes answers through audited overrides', 'ghi kết quả giải quyết; --set sửa đáp án qua sửa tay có lưu vết'),
  'cp.evidence.description': s(
    'one PDF showing exactly how a sheet was read and scored (scan, annotated page, fills, overrides, hashes)',
    'một tệp PDF chứng minh phiếu được đọc và chấm như thế nào (ảnh quét, ảnh chú thích, độ đậm, sửa tay, mã băm)',
  ),
  'cp.opt.serial': s('the sheet, by the số phiếu under its QR code', 'phiếu, theo số phiếu in dưới mã QR'),
  'cp.opt.sbd': s('the sheet, by the candidate number (SBD)', 'phiếu, theo số báo danh (SBD)'),
  'cp.opt.from': s('who lodged the complaint', 'người gửi đơn'),
  'cp.opt.received': s('date received, DD/MM/YYYY (default: today)', 'ngày nhận đơn, ngày/tháng/năm (mặc định: hôm nay)'),
  'cp.opt.about': s('what is disputed: question, total or identity', 'nội dung khiếu nại: question (câu hỏi), total (tổng điểm), identity (nhận dạng)'),
  'cp.opt.question': s('a question disputed (repeat for several)', 'câu bị khiếu nại (lặp lại nếu nhiều câu)'),
  'cp.opt.text': s('what the complaint says, in a line', 'tóm tắt nội dung đơn'),
  'cp.opt.byClerk': s('who records it (the secretariat)', 'người ghi nhận (thư ký)'),
  'cp.opt.all': s('also the settled complaints', 'kể cả các đơn đã giải quyết'),
  'cp.opt.today': s('count days left as of this date (default: today)', 'tính số ngày còn lại tính đến ngày này (mặc định: hôm nay)'),
  'cp.opt.byResolver': s('who settled it (recorded with every override it makes)', 'người giải quyết (ghi kèm mọi lần sửa tay)'),
  'cp.opt.resolution': s('the outcome, as it will be written to the candidate', 'kết quả giải quyết, như sẽ trả lời thí sinh'),
  'cp.opt.on': s('date settled, DD/MM/YYYY (default: today)', 'ngày giải quyết, ngày/tháng/năm (mặc định: hôm nay)'),
  'cp.opt.set': s('re-check result for one question: Q=ANSWER (17=B, 40= for blank); repeat', 'kết quả phúc khảo một câu: CÂU=ĐÁP_ÁN (17=B, 40= là bỏ trống); lặp lại nếu nhiều câu'),
  'cp.opt.sbdValue': s('re-check result: the right SBD for the sheet', 'kết quả phúc khảo: SBD đúng của phiếu'),
  'cp.opt.madeValue': s('re-check result: the right mã đề for the sheet', 'kết quả phúc khảo: mã đề đúng của phiếu'),
  'cp.opt.outPdf': s('the PDF to write', 'tệp PDF cần ghi'),
  'cp.added': f(
    (v: { id: number; sheet: string; who: string; subject: string; questions: string; received: string; deadline: string }) =>
      `Complaint ${v.id} recorded: số phiếu ${v.sheet}, ${v.who}, about ${SUBJECT_EN[v.subject]}${v.questions ? ` (câu ${v.questions})` : ''}; received ${v.received}, to be settled by ${v.deadline} (10 days, QĐ 2073 III.11.a)`,
    (v) =>
      `Đã ghi đơn khiếu nại số ${v.id}: số phiếu ${v.sheet}, ${v.who}, về ${SUBJECT_VI[v.subject]}${v.questions ? ` (câu ${v.questions})` : ''}; nhận ngày ${v.received}, hạn giải quyết ${v.deadline} (10 ngày, QĐ 2073 mục III.11.a)`,
  ),
  'cp.none': f(
    (v: { all: boolean }) => (v.all ? 'No complaint has been recorded.' : 'No complaint is open.'),
    (v) => (v.all ? 'Chưa ghi nhận đơn khiếu nại nào.' : 'Không có đơn khiếu nại nào đang giải quyết.'),
  ),
  'cp.head': s('No.|Số phiếu|SBD|Họ và tên|About|Received|Deadline|Left', 'Số đơn|Số phiếu|SBD|Họ và tên|Về|Ngày nhận|Hạn|Còn lại'),
  'cp.left': f(
    (v: { days: number }) => (v.days < 0 ? `OVERDUE ${plural(-v.days, 'day')}` : v.days === 0 ? 'last day today' : plural(v.days, 'day')),
    (v) => (v.days < 0 ? `QUÁ HẠN ${-v.days} ngày` : v.days === 0 ? 'hôm nay là hạn cuối' : `${v.days} ngày`),
  ),
  'cp.settled': f(
    (v: { on: string }) => `settled ${v.on}`,
    (v) => `đã giải quyết ${v.on}`,
  ),
  'cp.subjectWord': f(
    (v: { subject: string }) => SUBJECT_EN[v.subject] ?? `subject ${v.subject}`,
    (v) => SUBJECT_VI[v.subject] ?? `nội dung ${v.subject}`,
  ),
  'cp.summary': f(
    (v: { open: number; overdue: number }) => `${plural(v.open, 'complaint')} open${v.overdue ? `, ${v.overdue} OVERDUE` : ''}`,
    (v) => `${v.open} đơn đang giải quyết${v.overdue ? `, ${v.overdue} đơn QUÁ HẠN` : ''}`,
  ),
  'cp.resolved': f(
    (v: { id: number; on: string; by: string; resolution: string }) => `Complaint ${v.id} settled on ${v.on} by ${v.by}: ${v.resolution}`,
    (v) => `Đơn số ${v.id} đã giải quyết ngày ${v.on} (${v.by}): ${v.resolution}`,
  ),
  'cp.score': f(
    (v: { before: string; after: string; overrides: string }) => `Score: ${v.before} → ${v.after}${v.overrides ? `; overrides ${v.overrides}` : ' (unchanged)'}`,
    (v) => `Điểm: ${v.before} → ${v.after}${v.overrides ? `; sửa tay ${v.overrides}` : ' (không đổi)'}`,
  ),
  'cp.late': f(
    (v: { deadline: string }) => `settled after the deadline (${v.deadline})`,
    (v) => `giải quyết sau hạn (${v.deadline})`,
  ),
  'cp.evidence.done': f(
    (v: { file: string; pages: number; sheet: string; sbd: string; score: string }) => `Evidence written: ${v.file} (${plural(v.pages, 'page')}) — số phiếu ${v.sheet}, SBD ${v.sbd}, ${v.score}`,
    (v) => `Đã ghi hồ sơ chứng cứ: ${v.file} (${v.pages} trang) — số phiếu ${v.sheet}, SBD ${v.sbd}, ${v.score}`,
  ),
  'cp.evidence.hashes': f(
    (v: { scan: string; db: string }) => `SHA-256: scan ${v.scan} · database ${v.db}`,
    (v) => `SHA-256: ảnh quét ${v.scan} · cơ sở dữ liệu ${v.db}`,
  ),
  'cp.evidence.noScan': f(
    (v: { file: string }) => `the scan file ${v.file} is missing or changed since it was read: the PDF says so and has no picture of it`,
    (v) => `tệp ảnh quét ${v.file} không còn hoặc đã thay đổi sau khi đọc: hồ sơ ghi rõ điều này và không có ảnh quét`,
  ),

  // ---- archive: core
  'ar.outInside': f(
    (v: { out: string; ws: string }) => `--out ${v.out} is inside the workspace ${v.ws}: the archive would hold itself`,
    (v) => `--out ${v.out} nằm trong thư mục kỳ thi ${v.ws}: bản lưu trữ sẽ tự chứa chính nó`,
  ),
  'ar.outInside.hint': s('write it outside the folder, e.g. --out ../luu-tru/ky-thi-2025.zip', 'ghi ra ngoài thư mục kỳ thi, ví dụ --out ../luu-tru/ky-thi-2025.zip'),
  'ar.outDir': f(
    (v: { out: string }) => `--out ${v.out} is a folder`,
    (v) => `--out ${v.out} là một thư mục`,
  ),
  'ar.outNotZip': f(
    (v: { out: string }) => `--out ${v.out} exists and is not a zip archive: it will not be overwritten`,
    (v) => `--out ${v.out} đã có và không phải tệp zip: không ghi đè`,
  ),
  'ar.outNotZip.hint': s('give a new file name ending in .zip', 'đặt tên tệp mới, đuôi .zip'),
  'ar.changedWhile': f(
    (v: { file: string }) => `${v.file} changed while it was being archived`,
    (v) => `${v.file} bị thay đổi trong lúc đang lưu trữ`,
  ),
  'ar.changedWhile.hint': s('make the archive again when nothing is writing to the workspace', 'tạo lại bản lưu trữ khi không có ai đang ghi vào kỳ thi'),
  'ar.notZip': f(
    (v: { file: string; detail: string }) => `${v.file} is not a readable zip archive (${v.detail})`,
    (v) => `${v.file} không phải tệp zip đọc được (${v.detail})`,
  ),
  'ar.notZip.hint': s('give the .zip written by omr archive; copy it again from the archive medium', 'dùng tệp .zip do omr archive tạo; sao chép lại từ nơi lưu trữ'),
  'ar.noFile': f(
    (v: { file: string }) => `${v.file} does not exist`,
    (v) => `không có tệp ${v.file}`,
  ),
  'ar.noManifest': f(
    (v: { file: string }) => `${v.file} has no manifest.json: it is not an omr archive`,
    (v) => `${v.file} không có manifest.json: không phải bản lưu trữ của omr`,
  ),
  'ar.badManifest': f(
    (v: { file: string; detail: string }) => `${v.file}: manifest.json is damaged (${v.detail})`,
    (v) => `${v.file}: manifest.json bị hỏng (${v.detail})`,
  ),
  'ar.restoreNotEmpty': f(
    (v: { dir: string }) => `--to ${v.dir} exists and is not an empty folder`,
    (v) => `--to ${v.dir} đã có và không phải thư mục trống`,
  ),
  'ar.restoreNotEmpty.hint': s('restore into a new folder; the archive never overwrites a workspace', 'khôi phục vào một thư mục mới; bản lưu trữ không bao giờ ghi đè thư mục kỳ thi'),
  'ar.restoreBroken': f(
    (v: { file: string; n: number }) => `${v.file} fails verification (${plural(v.n, 'problem')}): nothing was restored`,
    (v) => `${v.file} không đạt kiểm tra (${v.n} vấn đề): không khôi phục gì`,
  ),
  'ar.restoreBroken.hint': f(
    (v: { file: string }) => `omr archive verify ${v.file} names each file; restore from another copy`,
    (v) => `omr archive verify ${v.file} liệt kê từng tệp; khôi phục từ một bản sao khác`,
  ),
  'ar.badEntry': f(
    (v: { file: string; entry: string }) => `${v.file}: entry "${v.entry}" points outside the folder`,
    (v) => `${v.file}: mục "${v.entry}" trỏ ra ngoài thư mục`,
  ),
  'ar.noDatabase': f(
    (v: { file: string }) => `${v.file} holds no workspace database (ky-thi/omr.sqlite)`,
    (v) => `${v.file} không có cơ sở dữ liệu kỳ thi (ky-thi/omr.sqlite)`,
  ),
  'ar.dbDamaged': f(
    (v: { file: string; detail: string }) => `${v.file}: the workspace database is damaged (${v.detail})`,
    (v) => `${v.file}: cơ sở dữ liệu kỳ thi bị hỏng (${v.detail})`,
  ),

  // ---- archive: CLI
  'ar.description': s(
    'archive the whole exam into one zip with a SHA-256 manifest; verify or restore an archive',
    'lưu trữ toàn bộ kỳ thi vào một tệp zip kèm bảng mã SHA-256; kiểm tra hoặc khôi phục bản lưu trữ',
  ),
  'ar.verify.description': s('re-hash every file of an archive against its manifest', 'băm lại mọi tệp của bản lưu trữ và đối chiếu với manifest'),
  'ar.restore.description': s('make a new workspace from an archive', 'tạo thư mục kỳ thi mới từ bản lưu trữ'),
  'ar.opt.out': s('the zip to write (outside the workspace)', 'tệp zip cần ghi (ngoài thư mục kỳ thi)'),
  'ar.opt.to': s('the new workspace folder (must not exist, or be empty)', 'thư mục kỳ thi mới (chưa có, hoặc trống)'),
  'ar.done': f(
    (v: { file: string; files: number; bytes: number; scans: number; sha: string }) =>
      `Archive written: ${v.file} (${plural(v.files, 'file')}, ${plural(v.scans, 'scan file')}, ${mb(v.bytes)}); SHA-256 of manifest.json ${v.sha}`,
    (v) => `Đã ghi bản lưu trữ: ${v.file} (${v.files} tệp, trong đó ${v.scans} tệp ảnh quét, ${mb(v.bytes)}); SHA-256 của manifest.json ${v.sha}`,
  ),
  'ar.problem': f(
    (v: { kind: string; file: string; expected: string; actual: string }) =>
      v.kind === 'scan_missing'
        ? `scan file not archived: ${v.file} is missing (SHA-256 when read ${v.expected})`
        : v.kind === 'scan_changed'
          ? `scan file not archived: ${v.file} changed since it was read (SHA-256 now ${v.actual}, when read ${v.expected})`
          : v.kind === 'sent_missing'
            ? `export as sent not archived: ${v.file} is missing (the exports computed now are in ket-qua/)`
            : `export as sent not archived: ${v.file} changed since it was written (the exports computed now are in ket-qua/)`,
    (v) =>
      v.kind === 'scan_missing'
        ? `không lưu được tệp ảnh quét: không còn ${v.file} (SHA-256 khi đọc ${v.expected})`
        : v.kind === 'scan_changed'
          ? `không lưu được tệp ảnh quét: ${v.file} đã thay đổi sau khi đọc (SHA-256 hiện tại ${v.actual}, khi đọc ${v.expected})`
          : v.kind === 'sent_missing'
            ? `không lưu được tệp kết quả đã xuất: không còn ${v.file} (kết quả tính lại có trong ket-qua/)`
            : `không lưu được tệp kết quả đã xuất: ${v.file} đã bị sửa sau khi xuất (kết quả tính lại có trong ket-qua/)`,
  ),
  'ar.problems': f(
    (v: { n: number }) => `${plural(v.n, 'file')} could not be archived as received: see above (also listed in manifest.json)`,
    (v) => `${v.n} tệp không lưu được đúng như khi nhận: xem ở trên (cũng ghi trong manifest.json)`,
  ),
  'ar.verify.ok': f(
    (v: { file: string; files: number; bytes: number; sha: string; exam: string; at: string }) =>
      `${v.file}: all ${plural(v.files, 'file')} match the manifest (${mb(v.bytes)}; exam ${v.exam}, archived ${v.at}; SHA-256 of manifest.json ${v.sha})`,
    (v) => `${v.file}: cả ${v.files} tệp khớp với manifest (${mb(v.bytes)}; kỳ thi ${v.exam}, lưu trữ lúc ${v.at}; SHA-256 của manifest.json ${v.sha})`,
  ),
  'ar.verify.problem': f(
    (v: { kind: string; path: string; expected: string; actual: string }) =>
      v.kind === 'changed'
        ? `changed: ${v.path} (SHA-256 ${v.actual}, manifest says ${v.expected})`
        : v.kind === 'missing'
          ? `missing: ${v.path}`
          : v.kind === 'extra'
            ? `not in the manifest: ${v.path}`
            : v.kind === 'manifest_changed'
              ? `changed: ${v.path} (SHA-256 ${v.actual}, manifest.sha256 says ${v.expected})`
              : `never archived (missing when the archive was made): ${v.path}`,
    (v) =>
      v.kind === 'changed'
        ? `bị thay đổi: ${v.path} (SHA-256 ${v.actual}, manifest ghi ${v.expected})`
        : v.kind === 'missing'
          ? `bị thiếu: ${v.path}`
          : v.kind === 'extra'
            ? `không có trong manifest: ${v.path}`
            : v.kind === 'manifest_changed'
              ? `bị thay đổi: ${v.path} (SHA-256 ${v.actual}, manifest.sha256 ghi ${v.expected})`
              : `chưa từng được lưu (đã thiếu khi tạo bản lưu trữ): ${v.path}`,
  ),
  'ar.verify.failed': f(
    (v: { file: string; n: number }) => `${v.file} FAILS verification: ${plural(v.n, 'problem')}`,
    (v) => `${v.file} KHÔNG ĐẠT kiểm tra: ${v.n} vấn đề`,
  ),
  'ar.restored': f(
    (v: { dir: string; files: number; scans: number }) => `Restored into ${v.dir}: ${plural(v.files, 'file')}, ${plural(v.scans, 'scan file')}. Next: omr status -w ${v.dir}`,
    (v) => `Đã khôi phục vào ${v.dir}: ${v.files} tệp, trong đó ${v.scans} tệp ảnh quét. Tiếp theo: omr status -w ${v.dir}`,
  ),
};
