/**
 * What the CLI prints (src/cli/**), in English and Vietnamese: help, summaries, progress labels,
 * table headers, usage errors. Keys are grouped by command. Domain words stay Vietnamese in
 * both languages (số phiếu, SBD, mã đề, band names), as in the regulation.
 */
import { f, plural, s } from './entry.js';

const list = (xs: (string | number | false | undefined | null)[]): string => xs.filter(Boolean).join(', ');

export const CLI = {
  // ---- the program, help, errors
  'main.description': s(
    'Answer sheets for the sát hạch exam: print numbered sheets, read scans, grade and export.',
    'Phiếu trả lời trắc nghiệm cho kỳ kiểm tra, sát hạch: in phiếu đánh số, đọc ảnh quét, chấm điểm và xuất kết quả.',
  ),
  'opt.debug': s('show stack traces on errors', 'hiện chi tiết kỹ thuật (stack trace) khi có lỗi'),
  'opt.lang': s('language of the messages: vi (default) or en; also the OMR_LANG environment variable', 'ngôn ngữ của thông báo: vi (mặc định) hoặc en; hoặc đặt biến môi trường OMR_LANG'),
  'opt.help': s('display help for command', 'hiện hướng dẫn của lệnh'),
  'cmd.help': s('display help for command', 'hiện hướng dẫn của một lệnh'),
  'opt.json': s('print the result as one line of JSON (nothing else on stdout)', 'in kết quả thành một dòng JSON (không in gì khác ra stdout)'),
  'opt.template': s('template file', 'tệp mẫu phiếu'),
  'opt.template.default': s('the bundled sat-hach-100', 'mẫu sat-hach-100 có sẵn'),
  'opt.workspace': s('exam workspace folder (default: the current folder, if it is one)', 'thư mục kỳ thi (mặc định: thư mục hiện tại, nếu đó là thư mục kỳ thi)'),
  'opt.exam': s('exam file: organiser, exam name, year, exam id (default: built-in values)', 'tệp kỳ thi: cơ quan tổ chức, tên kỳ thi, năm, mã kỳ thi (mặc định: giá trị có sẵn)'),
  'opt.roster': s('roster CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh', 'danh sách thí sinh CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh'),
  'opt.key': s('answer key CSV (ma_de,cau,dap_an) or JSON; repeat for several files', 'tệp đáp án CSV (ma_de,cau,dap_an) hoặc JSON; lặp lại cho nhiều tệp'),
  'opt.history': s("the previous round's ket-qua.csv: flags a second consecutive Không đạt", 'tệp ket-qua.csv của kỳ trước: để đánh dấu Không đạt 02 lần liên tiếp'),
  'opt.noXlsx': s('do not write ket-qua.xlsx', 'không ghi ket-qua.xlsx'),
  'opt.outDir': s('folder for the exports', 'thư mục ghi các tệp kết quả'),
  'help.title.Usage:': s('Usage:', 'Cách dùng:'),
  'help.title.Options:': s('Options:', 'Tùy chọn:'),
  'help.title.Commands:': s('Commands:', 'Lệnh:'),
  'help.title.Arguments:': s('Arguments:', 'Tham số:'),
  'help.title.Global Options:': s('Global Options:', 'Tùy chọn chung:'),
  'help.default': s('default', 'mặc định'),
  'help.examples': s('Examples:', 'Ví dụ:'),
  'help.example': s('Example:', 'Ví dụ:'),
  'help.exit.report': s(
    'Exit code: 0 done, 1 done but something needs a person, 2 bad usage or input.',
    'Mã thoát: 0 xong, 1 xong nhưng có việc cần người xử lý, 2 dùng sai lệnh hoặc dữ liệu vào sai.',
  ),
  'help.exit.review': s(
    'Exit code: 0 nothing needs a person, 1 something does (see omr review), 2 bad usage or input.',
    'Mã thoát: 0 không có gì cần xử lý, 1 có việc cần người xử lý (xem omr review), 2 dùng sai lệnh hoặc dữ liệu vào sai.',
  ),
  'help.exit.plain': s('Exit code: 0 done, 2 bad usage or input.', 'Mã thoát: 0 xong, 2 dùng sai lệnh hoặc dữ liệu vào sai.'),
  'help.footer': s(
    'Messages are in Vietnamese; add --lang en (or set OMR_LANG=en) for English. Every command has --help with examples.',
    'Thông báo bằng tiếng Việt; thêm --lang en (hoặc đặt OMR_LANG=en) để xem bằng tiếng Anh. Mỗi lệnh có --help kèm ví dụ.',
  ),
  'err.unexpected': f(
    (v: { message: string }) => `unexpected error: ${v.message}`,
    (v) => `lỗi không mong đợi: ${v.message}`,
  ),
  'err.unexpected.hint': s('run again with --debug and report the output', 'chạy lại với --debug và gửi toàn bộ kết quả cho người phụ trách kỹ thuật'),
  'usage.badLang': f(
    (v: { value: string; from: string }) => `${v.from} "${v.value}" is not a language omr speaks`,
    (v) => `${v.from} "${v.value}" không phải ngôn ngữ omr hỗ trợ`,
  ),
  'usage.badLang.hint': s('use vi (Tiếng Việt) or en (English)', 'dùng vi (Tiếng Việt) hoặc en (English)'),
  'usage.unknownCommand': f(
    (v: { name: string; suggestion: string | null }) => `unknown command '${v.name}'${v.suggestion ? ` (did you mean ${v.suggestion}?)` : ''}`,
    (v) => `không có lệnh '${v.name}'${v.suggestion ? ` (có phải ý bạn là ${v.suggestion}?)` : ''}`,
  ),
  'usage.unknownOption': f(
    (v: { flag: string; suggestion: string | null }) => `unknown option '${v.flag}'${v.suggestion ? ` (did you mean ${v.suggestion}?)` : ''}`,
    (v) => `không có tùy chọn '${v.flag}'${v.suggestion ? ` (có phải ý bạn là ${v.suggestion}?)` : ''}`,
  ),
  'usage.missingArgument': f(
    (v: { name: string }) => `missing required argument '${v.name}'`,
    (v) => `thiếu tham số bắt buộc '${v.name}'`,
  ),
  'usage.optionMissingArgument': f(
    (v: { flag: string }) => `option '${v.flag}' needs a value`,
    (v) => `tùy chọn '${v.flag}' cần một giá trị`,
  ),
  'usage.missingMandatory': f(
    (v: { flag: string }) => `required option '${v.flag}' not given`,
    (v) => `thiếu tùy chọn bắt buộc '${v.flag}'`,
  ),
  'usage.excessArguments': f(
    (v: { expected: number; got: number }) => `too many arguments: expected ${v.expected}, got ${v.got}`,
    (v) => `thừa tham số: cần ${v.expected}, nhận được ${v.got}`,
  ),
  'usage.noCommand': s('say which command to run', 'hãy chọn một lệnh để chạy'),
  'usage.other': f(
    (v: { detail: string }) => v.detail,
    (v) => v.detail,
  ),
  'usage.hint': f(
    (v: { command: string }) => `omr${v.command ? ` ${v.command}` : ''} --help shows the ${v.command ? 'options and examples' : 'commands'}`,
    (v) => `omr${v.command ? ` ${v.command}` : ''} --help cho xem ${v.command ? 'các tùy chọn và ví dụ' : 'danh sách lệnh'}`,
  ),
  'usage.wholeNumber': f(
    (v: { what: string; value: string }) => `${v.what} "${v.value}" must be a whole number`,
    (v) => `${v.what} "${v.value}" phải là số nguyên`,
  ),
  'usage.wholeNumber.hint': f(
    (v: { what: string }) => `e.g. ${v.what} 20`,
    (v) => `ví dụ ${v.what} 20`,
  ),
  'usage.jobs': f(
    (v: { value: string }) => `--jobs must be a whole number of 1 or more, not "${v.value}"`,
    (v) => `--jobs phải là số nguyên từ 1 trở lên, không phải "${v.value}"`,
  ),
  'usage.jobs.hint': s('for example --jobs 2', 'ví dụ --jobs 2'),
  'usage.pdfDpi': f(
    (v: { value: string }) => `--pdf-dpi must be a number from 72 to 600, not "${v.value}"`,
    (v) => `--pdf-dpi phải là số từ 72 đến 600, không phải "${v.value}"`,
  ),
  'usage.pdfDpi.hint': s('for example --pdf-dpi 200', 'ví dụ --pdf-dpi 200'),

  // ---- omr layout, omr template check
  'layout.description': s(
    'print the geometry of every bubble and registration mark as JSON (PDF points, top-left origin)',
    'in tọa độ mọi ô tô và dấu định vị dạng JSON (đơn vị điểm PDF, gốc ở góc trên bên trái)',
  ),
  'layout.json': s('accepted for uniformity: the output is always JSON', 'nhận cho đồng bộ: kết quả luôn là JSON'),
  'template.description': s('work with sheet templates', 'làm việc với mẫu phiếu'),
  'template.check.description': s(
    'validate a template (schema and layout rules) and print a one-screen summary',
    'kiểm tra mẫu phiếu (cấu trúc và quy tắc bố cục) và in tóm tắt một màn hình',
  ),
  'template.check.arg': s('template JSON file', 'tệp mẫu phiếu JSON'),
  'template.valid': f(
    (v: { id: string; version: number }) => `✔ ${v.id} v${v.version}: valid`,
    (v) => `✔ ${v.id} v${v.version}: hợp lệ`,
  ),
  'template.page': f(
    (v: { w: string; h: string }) => `  page          ${v.w} × ${v.h} mm`,
    (v) => `  khổ giấy      ${v.w} × ${v.h} mm`,
  ),
  'template.questions': f(
    (v: { n: number; options: string; rows: number }) => `  questions     ${v.n}, options ${v.options}, ${v.rows} rows per column`,
    (v) => `  số câu        ${v.n}, phương án ${v.options}, ${v.rows} dòng mỗi cột`,
  ),
  'template.part': f(
    (v: { i: number; from: number; to: number; title: string }) => `  part ${v.i}        câu ${v.from}-${v.to}: ${v.title}`,
    (v) => `  phần ${v.i}        câu ${v.from}-${v.to}: ${v.title}`,
  ),
  'template.sbd': f(
    (v: { n: number }) => `  số báo danh   ${v.n} digit columns`,
    (v) => `  số báo danh   ${v.n} cột chữ số`,
  ),
  'template.made': f(
    (v: { n: number }) => `  mã đề         ${v.n} digit columns`,
    (v) => `  mã đề         ${v.n} cột chữ số`,
  ),
  'template.bubbles': f(
    (v: { n: number; mm: string }) => `  bubbles       ${v.n}, ${v.mm} mm across`,
    (v) => `  ô tô          ${v.n} ô, đường kính ${v.mm} mm`,
  ),
  'template.marks': f(
    (v: { size: string; inset: string }) => `  marks         4 corner squares of ${v.size} mm, ${v.inset} mm from the edge, plus an orientation key`,
    (v) => `  dấu định vị   4 ô vuông góc cạnh ${v.size} mm, cách mép ${v.inset} mm, thêm một dấu chỉ chiều`,
  ),

  // ---- omr generate
  'gen.description': s(
    'print numbered answer sheets to a PDF: blank (--count) or one per candidate (--roster), with a manifest CSV beside it',
    'in phiếu trả lời đánh số ra tệp PDF: phiếu trống (--count) hoặc mỗi thí sinh một phiếu (--roster), kèm tệp manifest CSV bên cạnh',
  ),
  'gen.opt.count': s('number of blank numbered sheets', 'số phiếu trống cần in'),
  'gen.opt.firstSerial': s('serial number of the first sheet (default 1)', 'số phiếu của tờ đầu tiên (mặc định 1)'),
  'gen.opt.out': s('PDF to write; the manifest goes beside it (sheets.pdf → sheets.manifest.csv)', 'tệp PDF cần ghi; manifest nằm bên cạnh (sheets.pdf → sheets.manifest.csv)'),
  'gen.opt.workspace': s(
    'print from this exam workspace (its template, exam and roster; serials continue) and record the manifest in it',
    'in từ thư mục kỳ thi này (mẫu phiếu, tệp kỳ thi và danh sách của nó; số phiếu nối tiếp) và ghi manifest vào đó',
  ),
  'gen.ws.example': s('(the workspace roster → ky-thi/in/phieu-000001-000030.pdf)', '(in theo danh sách của kỳ thi → ky-thi/in/phieu-000001-000030.pdf)'),
  'gen.needOut': s('say where the PDF goes: --out sheets.pdf (or -w DIR to print into an exam workspace)', 'cho biết ghi PDF vào đâu: --out sheets.pdf (hoặc -w THƯ_MỤC để in vào thư mục kỳ thi)'),
  'gen.what': s('say what to print: --count N or --roster FILE', 'cho biết in gì: --count SỐ_PHIẾU hoặc --roster TỆP'),
  'gen.both': s('give --count or --roster, not both', 'chỉ dùng --count hoặc --roster, không dùng cả hai'),
  'gen.what.hint': s(
    'omr generate --count 20 --out sheets.pdf   or   omr generate --roster roster.csv --out sheets.pdf',
    'omr generate --count 20 --out sheets.pdf   hoặc   omr generate --roster roster.csv --out sheets.pdf',
  ),
  'gen.done': f(
    (v: { pages: number; personalised: boolean; first: string; last: string; exam: string; pdf: string; kb: number; manifest: string }) =>
      `✔ ${plural(v.pages, 'sheet')} (${v.personalised ? 'personalised' : 'blank'}, số phiếu ${v.first}-${v.last}, exam ${v.exam}) → ${v.pdf} (${v.kb} KB), ${v.manifest}`,
    (v) => `✔ ${v.pages} phiếu (${v.personalised ? 'in sẵn thông tin thí sinh' : 'phiếu trống'}, số phiếu ${v.first}-${v.last}, kỳ thi ${v.exam}) → ${v.pdf} (${v.kb} KB), ${v.manifest}`,
  ),
  'gen.ws.templateGiven': s(
    '--template and --exam cannot be used with -w: the workspace prints with its own template.json and exam.json',
    'không dùng --template và --exam cùng -w: thư mục kỳ thi in bằng template.json và exam.json của nó',
  ),
  'gen.ws.templateGiven.hint': s(
    'leave them out, or make a new workspace with omr init DIR --template FILE --exam FILE',
    'bỏ hai tùy chọn đó, hoặc tạo thư mục kỳ thi mới bằng omr init THƯ_MỤC --template TỆP --exam TỆP',
  ),
  'gen.ws.both.hint': s('with -w and neither, the workspace roster is printed', 'với -w mà không có cả hai, danh sách của kỳ thi sẽ được in'),
  'gen.ws.noRoster': s('the workspace has no roster to print from', 'thư mục kỳ thi chưa có danh sách thí sinh để in'),
  'gen.ws.noRoster.hint': f(
    (v: { ws: string }) => `set one with omr roster set${v.ws} FILE, or print blank sheets with --count N`,
    (v) => `đặt danh sách bằng omr roster set${v.ws} TỆP, hoặc in phiếu trống bằng --count SỐ_PHIẾU`,
  ),
  'gen.ws.cannotWrite.hint': s(
    'check that the folder is writable and the file is not open in another program; the serials stay reserved, run again for new ones',
    'kiểm tra thư mục ghi được và tệp không đang mở trong chương trình khác; các số phiếu này đã được giữ, chạy lại để lấy số mới',
  ),
  'gen.ws.recorded': f(
    (v: { id: number; next: string }) => `Recorded in the workspace as print run ${v.id}; the next free serial is ${v.next}.`,
    (v) => `Đã ghi vào thư mục kỳ thi là lần in ${v.id}; số phiếu trống tiếp theo là ${v.next}.`,
  ),

  // ---- omr scan
  'scan.description': s(
    'read scanned answer sheets (JPEG, PNG, TIFF incl. multi-page G4, PDF) into results.jsonl',
    'đọc ảnh quét phiếu trả lời (JPEG, PNG, TIFF kể cả TIFF nhiều trang G4, PDF) thành results.jsonl',
  ),
  'scan.arg.inputs': s('files or folders (walked recursively, natural order)', 'tệp hoặc thư mục (đọc cả thư mục con, theo thứ tự tên tự nhiên)'),
  'scan.opt.out': s('results file (JSON lines, one per page, in input order)', 'tệp kết quả (JSON lines, mỗi trang một dòng, theo thứ tự đầu vào)'),
  'scan.opt.workspace': s(
    'record every page in this exam workspace (omr init) instead of, or as well as, --out',
    'ghi mọi trang vào thư mục kỳ thi này (omr init), thay cho hoặc cùng với --out',
  ),
  'scan.opt.annotate': s('write one annotated JPEG per page into this folder', 'ghi mỗi trang một ảnh JPEG có đánh dấu vào thư mục này'),
  'scan.opt.jobs': f(
    (v: { n: number }) => `threads that read pages (default: half the cores, ${v.n} here; the others decode the next pages)`,
    (v) => `số luồng đọc trang (mặc định: một nửa số nhân CPU, ở máy này là ${v.n}; các nhân còn lại giải mã trước các trang tiếp theo)`,
  ),
  'scan.opt.pdfDpi': s('render PDF pages that are not plain scans at this DPI', 'độ phân giải (DPI) để dựng các trang PDF không phải ảnh quét thuần'),
  'scan.example.ws': s('(adds only pages not read before)', '(chỉ thêm các trang chưa đọc)'),
  'scan.needOut': s('say where the results go: --out results.jsonl, or -w DIR for an exam workspace', 'cho biết ghi kết quả vào đâu: --out results.jsonl, hoặc -w THƯ_MỤC cho thư mục kỳ thi'),
  'scan.needOut.hint': s('omr scan scans/ --out results.jsonl', 'omr scan scans/ --out results.jsonl'),
  'scan.ws.templateGiven': s(
    '--template cannot be used with -w: the workspace reads every page with its own template.json',
    'không dùng --template cùng -w: thư mục kỳ thi đọc mọi trang bằng template.json của nó',
  ),
  'scan.ws.templateGiven.hint': s(
    'leave out --template, or make a workspace for that template with omr init DIR --template FILE',
    'bỏ --template, hoặc tạo thư mục kỳ thi cho mẫu đó bằng omr init THƯ_MỤC --template TỆP',
  ),
  'scan.bar': s('Reading |{bar}| {value} pages · {file}', 'Đang đọc |{bar}| {value} trang · {file}'),
  'scan.where': f(
    (v: { source: string; page: number | null }) => `${v.source}${v.page !== null ? ` p.${v.page}` : ''}`,
    (v) => `${v.source}${v.page !== null ? ` tr.${v.page}` : ''}`,
  ),
  'scan.status.not_a_sheet': s('not_a_sheet', 'không phải phiếu'),
  'scan.status.error': s('error', 'lỗi'),
  'scan.page.notOk': f(
    (v: { where: string; status: string; reason: string }) => `${v.where}: ${v.status} — ${v.reason}`,
    (v) => `${v.where}: ${v.status} — ${v.reason}`,
  ),
  'scan.page.ok': f(
    (v: { where: string; serial: string; sbd: string; made: string; rotation: number; extra: string[] }) =>
      `${v.where}: ok · serial ${v.serial} · SBD ${v.sbd} · mã đề ${v.made} · rotation ${v.rotation}°${v.extra.length ? ' · ' + v.extra.join(' · ') : ''}`,
    (v) => `${v.where}: đọc được · số phiếu ${v.serial} · SBD ${v.sbd} · mã đề ${v.made} · xoay ${v.rotation}°${v.extra.length ? ' · ' + v.extra.join(' · ') : ''}`,
  ),
  'scan.page.flagged': f(
    (v: { n: number; list: string }) => `${v.n} flagged (${v.list})`,
    (v) => `${v.n} cần xem (${v.list})`,
  ),
  'scan.summary.pages': f(
    (v: { pages: number; ok: number; notASheet: number; errors: number; skipped: number }) =>
      `Pages read: ${v.pages} (ok ${v.ok}, not a sheet ${v.notASheet}, errors ${v.errors}${v.skipped ? `, skipped ${v.skipped} already read` : ''})`,
    (v) => `Số trang đã đọc: ${v.pages} (đọc được ${v.ok}, không phải phiếu ${v.notASheet}, lỗi ${v.errors}${v.skipped ? `, bỏ qua ${v.skipped} trang đã đọc` : ''})`,
  ),
  'scan.summary.pagesWs': f(
    (v: { pages: number; ok: number; notASheet: number; errors: number; already: number }) =>
      `Pages read: ${v.pages} (ok ${v.ok}, not a sheet ${v.notASheet}, errors ${v.errors}) · already in the workspace: ${v.already}`,
    (v) => `Số trang đã đọc: ${v.pages} (đọc được ${v.ok}, không phải phiếu ${v.notASheet}, lỗi ${v.errors}) · đã có trong kỳ thi: ${v.already}`,
  ),
  'scan.summary.review': f(
    (v: { pages: number; groups: number }) => `To review: ${v.pages} pages, ${v.groups} flagged groups`,
    (v) => `Cần xem lại: ${v.pages} trang, ${v.groups} câu/cột cần xem`,
  ),
  'scan.summary.speed': f(
    (v: { rate: number; seconds: number }) => `Speed: ${v.rate} sheets/s (${v.seconds} s)`,
    (v) => `Tốc độ: ${v.rate} phiếu/giây (${v.seconds} giây)`,
  ),
  'scan.summary.results': f(
    (v: { out: string }) => `Results: ${v.out}`,
    (v) => `Kết quả: ${v.out}`,
  ),
  'scan.noPages': s('no pages found in the inputs', 'không tìm thấy trang nào trong đầu vào'),
  'scan.noPages.hint': s('give files (.jpg .png .tif .pdf) or folders that contain them', 'chỉ ra các tệp (.jpg .png .tif .pdf) hoặc thư mục chứa chúng'),
  'scan.ws.notStored': s(' · not stored (the file could not be read)', ' · không lưu (không đọc được tệp)'),
  'scan.ws.replaced': s(' · replaces an earlier unreadable read', ' · thay cho lần đọc lỗi trước đó'),
  'scan.ws.summary': f(
    (v: { added: number; run: number; total: number; reread: number; notStored: number; annotated: string | null }) =>
      `Workspace: ${v.added} page(s) added in run ${v.run}, ${v.total} in all${v.reread ? ` · ${v.reread} unreadable page(s) read again` : ''}${v.notStored ? ` · ${v.notStored} not stored (unreadable files)` : ''}${v.annotated ? ` · annotated: ${v.annotated}` : ''}`,
    (v) =>
      `Thư mục kỳ thi: thêm ${v.added} trang ở lần quét ${v.run}, tổng cộng ${v.total} trang${v.reread ? ` · đọc lại ${v.reread} trang lỗi` : ''}${v.notStored ? ` · ${v.notStored} trang không lưu (tệp không đọc được)` : ''}${v.annotated ? ` · ảnh đánh dấu: ${v.annotated}` : ''}`,
  ),
  'scan.ws.next': f(
    (v: { ws: string }) => `Next: omr status${v.ws}   ·   omr review${v.ws}`,
    (v) => `Tiếp theo: omr status${v.ws}   ·   omr review${v.ws}`,
  ),

  // ---- omr grade
  'grade.description': s(
    'grade scan results against answer keys and write ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv and ket-qua.xlsx',
    'chấm kết quả quét theo đáp án và ghi ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv và ket-qua.xlsx',
  ),
  'grade.arg.results': s('results.jsonl written by omr scan', 'tệp results.jsonl do omr scan ghi'),
  'grade.opt.roster': s('roster CSV (sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh)', 'danh sách thí sinh CSV (sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh)'),
  'grade.opt.exam': s('exam file (JSON); its "bands" replace the default bands', 'tệp kỳ thi (JSON); "bands" trong đó thay các mức xếp loại mặc định'),
  'grade.exit': s(
    'Exit code: 0 done, 1 done but something needs a person (flagged answers, conflicts, key problems), 2 bad usage or input.',
    'Mã thoát: 0 xong, 1 xong nhưng có việc cần người xử lý (câu cần xem, xung đột, lỗi đáp án), 2 dùng sai lệnh hoặc dữ liệu vào sai.',
  ),
  'grade.results.hint': s('give the results.jsonl written by omr scan --out', 'chỉ ra tệp results.jsonl do omr scan --out ghi'),
  'grade.noPages': f(
    (v: { file: string }) => `${v.file}: no pages in the scan results`,
    (v) => `${v.file}: tệp kết quả quét không có trang nào`,
  ),
  'grade.noPages.hint': s('run omr scan first; it writes one line per page', 'chạy omr scan trước; lệnh đó ghi mỗi trang một dòng'),
  'grade.jsonl.notJson': f(
    (v: { file: string; line: number; detail: string }) => `${v.file} line ${v.line}: not valid JSON (${v.detail}) → re-run omr scan for that page, or delete the line`,
    (v) => `${v.file} dòng ${v.line}: không phải JSON hợp lệ (${v.detail}) → quét lại trang đó bằng omr scan, hoặc xóa dòng này`,
  ),
  'grade.jsonl.notResult': f(
    (v: { file: string; line: number; detail: string }) => `${v.file} line ${v.line}: not a scan result (${v.detail}) → re-run omr scan for that page, or delete the line`,
    (v) => `${v.file} dòng ${v.line}: không phải kết quả quét (${v.detail}) → quét lại trang đó bằng omr scan, hoặc xóa dòng này`,
  ),
  'grade.pages': f(
    (v: { total: number; ok: number; notASheet: number; error: number; duplicates: number; roster: number | null }) =>
      `Pages: ${v.total} (${list([`${v.ok} ok`, v.notASheet && `${v.notASheet} not a sheet`, v.error && `${v.error} unreadable`, v.duplicates && `${v.duplicates} duplicate`])})${v.roster !== null ? ` · roster: ${v.roster} candidates` : ''}`,
    (v) =>
      `Số trang: ${v.total} (${list([`${v.ok} đọc được`, v.notASheet && `${v.notASheet} không phải phiếu`, v.error && `${v.error} không đọc được`, v.duplicates && `${v.duplicates} trùng`])})${v.roster !== null ? ` · danh sách: ${v.roster} thí sinh` : ''}`,
  ),
  'grade.col.band': s('Band', 'Xếp loại'),
  'grade.col.count': s('Count', 'Số'),
  'grade.col.share': s('Share', 'Tỉ lệ'),
  'grade.row.scored': s('Scored', 'Đã chấm'),
  'grade.row.absent': s('Absent', 'Vắng'),
  'grade.row.unscored': s('Not scored', 'Chưa chấm'),
  'grade.need.flagged': f(
    (v: { answers: number; sheets: number }) => `${v.answers} flagged answer(s) on ${v.sheets} sheet(s)`,
    (v) => `${v.answers} câu cần xem trên ${v.sheets} phiếu`,
  ),
  'grade.need.conflicts': f(
    (v: { n: number }) => `${v.n} conflict(s)`,
    (v) => `${v.n} xung đột`,
  ),
  'grade.need.unknownSbd': f(
    (v: { n: number }) => `${v.n} SBD not in the roster`,
    (v) => `${v.n} SBD không có trong danh sách`,
  ),
  'grade.need.keyProblems': f(
    (v: { n: number }) => `${v.n} key problem(s)`,
    (v) => `${v.n} lỗi đáp án`,
  ),
  'grade.need.problems': f(
    (v: { n: number }) => `${v.n} problem(s) in total, listed on stderr`,
    (v) => `tổng cộng ${v.n} vấn đề, liệt kê ở stderr`,
  ),
  'grade.needsPerson': f(
    (v: { list: string }) => `Needs a person: ${v.list}`,
    (v) => `Cần người xử lý: ${v.list}`,
  ),
  'grade.nothing': s('Nothing needs a person.', 'Không có gì cần người xử lý.'),
  'grade.wrote': f(
    (v: { files: string }) => `Wrote: ${v.files}`,
    (v) => `Đã ghi: ${v.files}`,
  ),

  // ---- omr init
  'init.description': s(
    'make an exam workspace: a folder with the exam file, template, answer keys, roster and the database that records every page read and every correction',
    'tạo thư mục kỳ thi: chứa tệp kỳ thi, mẫu phiếu, đáp án, danh sách thí sinh và cơ sở dữ liệu ghi lại mọi trang đã đọc và mọi lần sửa tay',
  ),
  'init.arg.dir': s('folder to make (new, or empty)', 'thư mục cần tạo (mới, hoặc đang trống)'),
  'init.opt.template': s('template file (default: the bundled sat-hach-100)', 'tệp mẫu phiếu (mặc định: mẫu sat-hach-100 có sẵn)'),
  'init.opt.exam': s('exam file: id printed in the QR codes, name, year, bands (default: built-in values)', 'tệp kỳ thi: mã in trong mã QR, tên, năm, mức xếp loại (mặc định: giá trị có sẵn)'),
  'init.opt.force': s(
    'use a folder that is not empty; start an existing workspace again (its old database is kept beside it)',
    'dùng cả thư mục không trống; làm lại thư mục kỳ thi đã có (cơ sở dữ liệu cũ được giữ bên cạnh)',
  ),
  'init.example.later': s('(keys and roster can be added later: omr key add, omr roster set)', '(đáp án và danh sách có thể thêm sau: omr key add, omr roster set)'),
  'init.made': f(
    (v: { dir: string; exam: string; name: string; year: number; template: string }) => `✔ Workspace ${v.dir}/ made: exam ${v.exam} (${v.name} ${v.year}), template ${v.template}`,
    (v) => `✔ Đã tạo thư mục kỳ thi ${v.dir}/: kỳ thi ${v.exam} (${v.name} ${v.year}), mẫu phiếu ${v.template}`,
  ),
  'init.movedAside': f(
    (v: { file: string }) => `  the earlier database was kept as ${v.file}`,
    (v) => `  cơ sở dữ liệu cũ được giữ lại ở ${v.file}`,
  ),
  'init.files': f(
    (v: { candidates: number | null }) => `  exam.json, template.json, omr.sqlite${v.candidates !== null ? `, roster.csv (${v.candidates} candidates)` : ''}`,
    (v) => `  exam.json, template.json, omr.sqlite${v.candidates !== null ? `, roster.csv (${v.candidates} thí sinh)` : ''}`,
  ),
  'init.noRoster': f(
    (v: { dir: string }) => `  no roster yet: omr roster set -w ${v.dir} FILE`,
    (v) => `  chưa có danh sách thí sinh: omr roster set -w ${v.dir} TỆP`,
  ),
  'init.noKey': f(
    (v: { dir: string }) => `  no answer key yet: omr key add -w ${v.dir} FILE`,
    (v) => `  chưa có đáp án: omr key add -w ${v.dir} TỆP`,
  ),
  'init.next': f(
    (v: { dir: string }) => `Next: omr generate -w ${v.dir}   ·   omr scan -w ${v.dir} SCANS...   ·   omr status -w ${v.dir}`,
    (v) => `Tiếp theo: omr generate -w ${v.dir}   ·   omr scan -w ${v.dir} ẢNH_QUÉT...   ·   omr status -w ${v.dir}`,
  ),

  // ---- omr key add
  'key.description': s('answer keys of an exam workspace', 'đáp án của thư mục kỳ thi'),
  'key.add.description': s(
    'add an answer key file to the workspace, or replace one (same file name, or a file giving all its mã đề again); results recompute',
    'thêm tệp đáp án vào thư mục kỳ thi, hoặc thay tệp cũ (cùng tên tệp, hoặc tệp có lại đủ các mã đề của nó); kết quả được tính lại',
  ),
  'key.add.arg': s('answer key CSV (ma_de,cau,dap_an) or JSON', 'tệp đáp án CSV (ma_de,cau,dap_an) hoặc JSON'),
  'key.add.example.again': s('(again, after fixing it: replaces it)', '(chạy lại sau khi sửa tệp: thay tệp cũ)'),
  'key.code': f(
    (v: { code: string; sha: string }) => `mã đề ${v.code} (SHA-256 ${v.sha})`,
    (v) => `mã đề ${v.code} (SHA-256 ${v.sha})`,
  ),
  'key.unusable': f(
    (v: { code: string }) => `mã đề ${v.code} NOT usable until fixed`,
    (v) => `mã đề ${v.code} CHƯA dùng được cho đến khi sửa`,
  ),
  'key.replaces': f(
    (v: { files: string }) => `  replaces ${v.files} (kept in the database history)`,
    (v) => `  thay cho ${v.files} (vẫn lưu trong lịch sử cơ sở dữ liệu)`,
  ),
  'key.recompute': s(
    'Scores are computed from the keys whenever asked: omr status / omr export show them now.',
    'Điểm được tính lại từ đáp án mỗi khi cần: omr status / omr export cho thấy ngay.',
  ),

  // ---- omr roster set
  'roster.description': s('the roster (danh sách thí sinh) of an exam workspace', 'danh sách thí sinh của thư mục kỳ thi'),
  'roster.set.description': s(
    'set or replace the roster of the workspace (the old one stays in the database history); results recompute',
    'đặt hoặc thay danh sách thí sinh của thư mục kỳ thi (danh sách cũ vẫn lưu trong lịch sử); kết quả được tính lại',
  ),
  'roster.set.arg': s('roster CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh (UTF-8; Excel "CSV UTF-8")', 'danh sách CSV: sbd,ho_ten,ngay_sinh,don_vi,nhom,chuc_danh (UTF-8; Excel "CSV UTF-8")'),
  'roster.set.done': f(
    (v: { n: number; replaced: boolean }) => `✔ roster.csv: ${v.n} candidates${v.replaced ? ' (replaces the earlier roster, kept in the database history)' : ''}`,
    (v) => `✔ roster.csv: ${v.n} thí sinh${v.replaced ? ' (thay danh sách trước, danh sách cũ vẫn lưu trong lịch sử)' : ''}`,
  ),
  'roster.set.leftOut': f(
    (v: { n: number }) => `  ${v.n} row(s) left out until fixed (listed on stderr and by omr review)`,
    (v) => `  ${v.n} dòng bị bỏ qua cho đến khi sửa (liệt kê ở stderr và trong omr review)`,
  ),

  // ---- omr review
  'review.description': s(
    'list what needs a person: flagged answers (read, reason, fills), unreadable pages, conflicts, key and roster problems, missing candidates, and the corrections made',
    'liệt kê việc cần người xử lý: câu cần xem (máy đọc, lý do, độ đậm), trang không đọc được, xung đột, lỗi đáp án và danh sách, thí sinh thiếu bài, và các lần sửa tay',
  ),
  'review.opt.out': s(
    'also write review.csv (for Excel) and a cropped picture of each flagged row into this folder',
    'ghi thêm review.csv (mở bằng Excel) và ảnh cắt của từng dòng cần xem vào thư mục này',
  ),
  'review.flagged': f(
    (v: { n: number }) => `Flagged (${v.n}): the read is not trusted until a person decides`,
    (v) => `Cần xem (${v.n}): kết quả máy đọc chưa được dùng cho đến khi có người quyết định`,
  ),
  'review.col.sheet': s('Sheet', 'Phiếu'),
  'review.col.what': s('What', 'Mục'),
  'review.col.read': s('Read', 'Máy đọc'),
  'review.col.reason': s('Reason', 'Lý do'),
  'review.col.fills': s('Fills', 'Độ đậm'),
  'review.cat.flag': s('Flagged (questions/columns)', 'Cần xem (câu/cột)'),
  'review.cat.page': s('Pages not read', 'Trang không đọc được'),
  'review.cat.page_flag': s('Page warnings', 'Cảnh báo trang'),
  'review.cat.conflict': s('Conflicts', 'Xung đột'),
  'review.cat.key': s('Answer keys', 'Đáp án'),
  'review.cat.roster': s('Roster', 'Danh sách thí sinh'),
  'review.cat.absent': s('Missing sheets', 'Thiếu bài'),
  'review.cat.override': s('Corrections', 'Sửa tay'),
  'review.cat.info': s('Information', 'Thông tin'),
  'review.heading': f(
    (v: { title: string; n: number; act: number }) => `${v.title} (${v.n}${v.act ? `, ${v.act} to act on` : ''}):`,
    (v) => `${v.title} (${v.n}${v.act ? `, ${v.act} cần xử lý` : ''}):`,
  ),
  'review.info': s('(info) ', '(thông tin) '),
  'review.nothing': s('Nothing to review.', 'Không có gì cần xem lại.'),
  'review.fixWith': f(
    (v: { example: string }) => `Fix with, e.g.: ${v.example}`,
    (v) => `Sửa bằng lệnh, ví dụ: ${v.example}`,
  ),
  'review.wrote': f(
    (v: { csv: string; n: number; dir: string; missing: number }) =>
      `Wrote ${v.csv} and ${v.n} picture(s) in ${v.dir}/anh/${v.missing ? ` (${v.missing} without a picture: no annotated image or source file)` : ''}`,
    (v) => `Đã ghi ${v.csv} và ${v.n} ảnh trong ${v.dir}/anh/${v.missing ? ` (${v.missing} mục không có ảnh: thiếu ảnh đánh dấu hoặc tệp gốc)` : ''}`,
  ),
  'review.pictures': f(
    (v: { ws: string }) => `Pictures of each flagged row: omr review${v.ws} --out DIR`,
    (v) => `Ảnh của từng dòng cần xem: omr review${v.ws} --out THƯ_MỤC`,
  ),
  'review.need': f(
    (v: { n: number }) => `${v.n} item(s) need a person.`,
    (v) => `${v.n} mục cần người xử lý.`,
  ),

  // ---- omr override
  'ov.description': s(
    "record a person's correction of one answer, the SBD or the mã đề of a sheet (the automatic read is kept; the latest correction wins; every correction shows in the exports)",
    'ghi lại việc một người sửa một câu trả lời, SBD hoặc mã đề của một phiếu (kết quả máy đọc vẫn giữ; lần sửa sau cùng được dùng; mọi lần sửa đều hiện trong tệp xuất)',
  ),
  'ov.opt.serial': s('the sheet, by the số phiếu under its QR code', 'phiếu cần sửa, theo số phiếu in dưới mã QR'),
  'ov.opt.page': s('the sheet, by file and page as omr review shows them (when the QR could not be read)', 'phiếu cần sửa, theo tệp và trang như omr review hiển thị (khi không đọc được mã QR)'),
  'ov.opt.question': s('correct the answer to this question', 'sửa câu trả lời của câu này'),
  'ov.opt.sbd': s('correct the số báo danh', 'sửa số báo danh'),
  'ov.opt.made': s('correct the mã đề', 'sửa mã đề'),
  'ov.opt.value': s(
    'the corrected value: A-D (several letters for a multiple mark, "" for blank); digits for --sbd / --made',
    'giá trị đúng: A-D (nhiều chữ nếu tô nhiều ô, "" nếu bỏ trống); chữ số cho --sbd / --made',
  ),
  'ov.opt.by': s('who decided (required)', 'người quyết định (bắt buộc)'),
  'ov.opt.reason': s('why (required): what the person saw on the sheet', 'lý do (bắt buộc): người sửa đã thấy gì trên phiếu'),
  'ov.what': s('say what to correct: --question N, --sbd or --made', 'cho biết sửa gì: --question SỐ_CÂU, --sbd hoặc --made'),
  'ov.oneThing': s('correct one thing at a time: --question N, --sbd or --made', 'mỗi lần chỉ sửa một mục: --question SỐ_CÂU, --sbd hoặc --made'),
  'ov.usage.hint': s(
    'omr override -w DIR --serial 000123 --question 17 --value B --by NAME --reason TEXT',
    'omr override -w THƯ_MỤC --serial 000123 --question 17 --value B --by "HỌ TÊN" --reason "LÝ DO"',
  ),
  'ov.required': f(
    (v: { flag: string }) => `${v.flag} is required`,
    (v) => `thiếu ${v.flag} (bắt buộc)`,
  ),
  'ov.questionNumber': f(
    (v: { value: string }) => `--question must be a question number, not "${v.value}"`,
    (v) => `--question phải là số câu, không phải "${v.value}"`,
  ),
  'ov.sheetSerial': f(
    (v: { serial: string }) => `số phiếu ${v.serial}`,
    (v) => `số phiếu ${v.serial}`,
  ),
  'ov.noRow': s('(not on any result row)', '(không thuộc dòng kết quả nào)'),
  'ov.row.scored': f(
    (v: { who: string; total: number; max: number; band: string }) => `${v.who}: ${v.total}/${v.max} (${v.band})`,
    (v) => `${v.who}: ${v.total}/${v.max} (${v.band})`,
  ),
  'ov.row.unscored': f(
    (v: { who: string; status: string }) => `${v.who}: not scored (${v.status})`,
    (v) => `${v.who}: chưa chấm (${v.status})`,
  ),
  'ov.done': f(
    (v: { id: number; sheet: string; what: string; read: string; value: string; by: string; reason: string }) =>
      `✔ Override #${v.id}: ${v.sheet} ${v.what}: máy đọc "${v.read}" → "${v.value}" (${v.by}: ${v.reason})`,
    (v) => `✔ Sửa tay #${v.id}: ${v.sheet} ${v.what}: máy đọc "${v.read}" → "${v.value}" (${v.by}: ${v.reason})`,
  ),
  'ov.replaces': f(
    (v: { id: number; value: string; by: string }) => `  replaces override #${v.id} ("${v.value}" by ${v.by}), which stays in the history`,
    (v) => `  thay cho lần sửa #${v.id} ("${v.value}" của ${v.by}), lần đó vẫn lưu trong lịch sử`,
  ),
  'ov.applies': f(
    (v: { n: number; list: string }) => `  applies to ${v.n} pages with this serial: ${v.list}`,
    (v) => `  áp dụng cho ${v.n} trang có số phiếu này: ${v.list}`,
  ),
  'ov.before': f(
    (v: { row: string }) => `  before: ${v.row}`,
    (v) => `  trước:   ${v.row}`,
  ),
  'ov.now': f(
    (v: { row: string }) => `  now:    ${v.row}`,
    (v) => `  bây giờ: ${v.row}`,
  ),

  // ---- omr status
  'status.description': s(
    'the state of an exam workspace: pages, candidates scored, flags open, conflicts, missing candidates, keys with fingerprints',
    'tình trạng thư mục kỳ thi: số trang, thí sinh đã chấm, câu cần xem, xung đột, thí sinh thiếu bài, đáp án kèm mã băm',
  ),
  'status.head': f(
    (v: { ws: string; exam: string; template: string }) => `Workspace ${v.ws} · exam ${v.exam} · template ${v.template}`,
    (v) => `Thư mục kỳ thi ${v.ws} · kỳ thi ${v.exam} · mẫu phiếu ${v.template}`,
  ),
  'status.pages': f(
    (v: { total: number; files: number; ok: number; notASheet: number; error: number; duplicates: number; superseded: number; runs: number; last: string | null }) =>
      `Pages: ${v.total} from ${v.files} file(s) (${list([
        `${v.ok} ok`,
        v.notASheet && `${v.notASheet} not a sheet`,
        v.error && `${v.error} unreadable`,
        v.duplicates && `${v.duplicates} identical re-scan(s)`,
        v.superseded && `${v.superseded} unreadable earlier version(s) of files read again, not counted`,
      ])}) · ${v.runs} scan run(s)${v.last ? `, last ${v.last}` : ''}`,
    (v) =>
      `Số trang: ${v.total} từ ${v.files} tệp (${list([
        `${v.ok} đọc được`,
        v.notASheet && `${v.notASheet} không phải phiếu`,
        v.error && `${v.error} không đọc được`,
        v.duplicates && `${v.duplicates} bản quét lại giống hệt`,
        v.superseded && `${v.superseded} bản lỗi cũ của tệp đã đọc lại, không tính`,
      ])}) · ${v.runs} lần quét${v.last ? `, lần cuối ${v.last}` : ''}`,
  ),
  'status.candidates': f(
    (v: { roster: number | null; scored: number; absent: number; unscored: number; unknownSbd: number }) =>
      `Candidates: ${v.roster !== null ? `${v.roster} in the roster · ` : 'no roster · '}${v.scored} scored · ${v.absent} without a sheet${v.unscored ? ` · ${v.unscored} not scored yet` : ''}${v.unknownSbd ? ` · ${v.unknownSbd} SBD not in the roster` : ''}`,
    (v) =>
      `Thí sinh: ${v.roster !== null ? `${v.roster} trong danh sách · ` : 'chưa có danh sách · '}${v.scored} đã chấm · ${v.absent} không có bài${v.unscored ? ` · ${v.unscored} chưa chấm` : ''}${v.unknownSbd ? ` · ${v.unknownSbd} SBD không có trong danh sách` : ''}`,
  ),
  'status.flags': f(
    (v: { total: number; answers: number; identity: number; sheets: number }) =>
      `Flags open: ${v.total}${v.total ? ` (${v.answers} answer(s), ${v.identity} SBD/mã đề column(s), on ${v.sheets} sheet(s))` : ''}`,
    (v) => `Cần xem chưa xử lý: ${v.total}${v.total ? ` (${v.answers} câu, ${v.identity} cột SBD/mã đề, trên ${v.sheets} phiếu)` : ''}`,
  ),
  'status.conflicts': f(
    (v: { n: number }) => `Conflicts: ${v.n}`,
    (v) => `Xung đột: ${v.n}`,
  ),
  'status.moreConflicts': f(
    (v: { n: number; ws: string }) => `  - … ${v.n} more (omr review${v.ws})`,
    (v) => `  - … còn ${v.n} (omr review${v.ws})`,
  ),
  'status.missing': f(
    (v: { n: number }) => `Missing candidates: ${v.n}`,
    (v) => `Thí sinh thiếu bài: ${v.n}`,
  ),
  'status.overrides': f(
    (v: { total: number; sheets: number }) => `Overrides: ${v.total}${v.total ? ` on ${v.sheets} sheet(s)` : ''}`,
    (v) => `Sửa tay: ${v.total}${v.total ? ` trên ${v.sheets} phiếu` : ''}`,
  ),
  'status.keys': f(
    (v: { list: string }) => `Keys: ${v.list}`,
    (v) => `Đáp án: ${v.list}`,
  ),
  'status.key': f(
    (v: { code: string; sha: string; file: string }) => `mã đề ${v.code} ${v.sha} (${v.file})`,
    (v) => `mã đề ${v.code} ${v.sha} (${v.file})`,
  ),
  'status.noKeys': f(
    (v: { ws: string }) => `Keys: none (omr key add${v.ws} FILE)`,
    (v) => `Đáp án: chưa có (omr key add${v.ws} TỆP)`,
  ),
  'status.roster': f(
    (v: { file: string; n: number; sha: string; problems: number }) =>
      `Roster: ${v.file}, ${v.n} candidates, SHA-256 ${v.sha}${v.problems ? `, ${v.problems} row(s) with problems` : ''}`,
    (v) => `Danh sách: ${v.file}, ${v.n} thí sinh, SHA-256 ${v.sha}${v.problems ? `, ${v.problems} dòng có lỗi` : ''}`,
  ),
  'status.noRoster': f(
    (v: { ws: string }) => `Roster: none (omr roster set${v.ws} FILE)`,
    (v) => `Danh sách: chưa có (omr roster set${v.ws} TỆP)`,
  ),
  'status.printed': f(
    (v: { sheets: number; runs: number }) => `Printed: ${v.sheets} sheet(s) in ${v.runs} run(s)`,
    (v) => `Đã in: ${v.sheets} phiếu trong ${v.runs} lần in`,
  ),
  'status.changed': f(
    (v: { name: string; missing: boolean; sha: string }) =>
      `  ! ${v.name} ${v.missing ? 'is missing from the folder' : 'was edited in the folder'}; the workspace uses its stored copy (SHA-256 ${v.sha}) → add the edited file with omr key add / omr roster set to use it`,
    (v) =>
      `  ! ${v.name} ${v.missing ? 'không còn trong thư mục' : 'đã bị sửa trong thư mục'}; kỳ thi vẫn dùng bản đã lưu (SHA-256 ${v.sha}) → muốn dùng bản đã sửa thì thêm lại bằng omr key add / omr roster set`,
  ),
  'status.needs': f(
    (v: { ws: string }) => `Needs a person: yes → omr review${v.ws}`,
    (v) => `Cần người xử lý: có → omr review${v.ws}`,
  ),
  'status.needsNo': s('Needs a person: no', 'Cần người xử lý: không'),

  // ---- omr export
  'export.description': s(
    'write the grading files from the workspace (the same as omr grade: ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv, ket-qua.xlsx), overrides applied',
    'ghi các tệp kết quả chấm từ thư mục kỳ thi (như omr grade: ket-qua.csv, bai-lam.csv, phan-tich-cau-hoi.csv, tong-hop.csv, ket-qua.xlsx), đã áp dụng sửa tay',
  ),
  'export.openFlags': f(
    (v: { n: number; ws: string }) => `${v.n} flagged answer(s)/column(s) still open, scored 0 until overridden → omr review${v.ws}`,
    (v) => `${v.n} câu/cột cần xem chưa xử lý, tính 0 điểm cho đến khi sửa tay → omr review${v.ws}`,
  ),
  'export.overrides': f(
    (v: { n: number }) => `Overrides applied: ${v.n} (listed in Ghi chú and in bai-lam.csv)`,
    (v) => `Đã áp dụng ${v.n} lần sửa tay (ghi trong cột Ghi chú và trong bai-lam.csv)`,
  ),
};
