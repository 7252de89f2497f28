#!/usr/bin/env node
// Benchmark of the print stage: 1,000 personalised sheets from a synthetic roster of Vietnamese
// names. Runs on the compiled code (npm run bench:generate builds first). Prints sheets/s and
// bytes per extra sheet, median of several runs.
import { generateSheets } from '../dist/print/generate.js';
import { loadLayout } from '../dist/template/load.js';
import { loadExam, EXAMPLE_EXAM } from '../dist/exam/exam.js';

const N = Number(process.env.BENCH_SHEETS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const HO = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const DEM = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Ngọc', 'Thanh', 'Quốc', 'Thị Ánh', 'Xuân', 'Hồng', 'Công'];
const TEN = ['Tuyết', 'Phước', 'Hằng', 'Dũng', 'Hùng', 'Lan', 'Ỷ', 'Thắng', 'Hường', 'Quý', 'Trọng', 'Nguyệt', 'Khoa', 'Đạt', 'Ẩn', 'Vỹ'];
const XA = ['Phong Hiền', 'Phong An', 'Phong Sơn', 'Phong Xuân', 'Phong Mỹ', 'Phong Thu', 'Điền Hòa', 'Điền Lộc', 'Phong Chương'];
const CHUC = ['Chủ tịch UBND xã', 'Phó Chủ tịch UBND xã', 'Bí thư Đảng ủy', 'Công chức Văn phòng - Thống kê', 'Công chức Tư pháp - Hộ tịch', 'Công chức Địa chính - Xây dựng'];

const candidates = Array.from({ length: N }, (_, i) => ({
  row: i + 2,
  sbd: String(100001 + i).padStart(6, '0'),
  hoTen: `${HO[i % HO.length]} ${DEM[(i * 7) % DEM.length]} ${TEN[(i * 13) % TEN.length]}`,
  ngaySinh: `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${1965 + (i % 30)}`,
  donVi: `UBND xã ${XA[i % XA.length]}`,
  nhom: (i % 3) + 1,
  chucDanh: CHUC[i % CHUC.length],
}));

const { template, layout } = loadLayout();
const exam = loadExam(EXAMPLE_EXAM);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Warm-up: module loading and JIT, and the size of a one-sheet document.
const one = await generateSheets({ template, layout, exam, candidates: candidates.slice(0, 1) });
const times = [];
const cpus = [];
let bytes = 0;
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = await generateSheets({ template, layout, exam, candidates });
  const c = process.cpuUsage(c0);
  times.push(performance.now() - t0);
  cpus.push((c.user + c.system) / 1000);
  bytes = res.pdf.length;
}
const ms = median(times);
const perSheet = (bytes - one.pdf.length) / (N - 1);
console.log(`generate: ${N} personalised sheets, median of ${RUNS} runs`);
console.log(`  time        ${(ms / 1000).toFixed(2)} s  (${Math.round((N * 1000) / ms)} sheets/s; runs ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`);
console.log(`  CPU time    ${(median(cpus) / 1000).toFixed(2)} s  (wall time above this means other processes were busy)`);
console.log(`  PDF         ${(bytes / 1024 / 1024).toFixed(2)} MB; first sheet ${(one.pdf.length / 1024).toFixed(1)} KB, each extra sheet ${(perSheet / 1024).toFixed(2)} KB (${Math.round(perSheet)} bytes)`);
console.log(`  targets     < 5 s for 1,000 sheets: ${ms < 5000 && N >= 1000 ? 'met' : N < 1000 ? 'n/a' : 'MISSED'}; < 15 KB per extra sheet: ${perSheet < 15 * 1024 ? 'met' : 'MISSED'}`);
