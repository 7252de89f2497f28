import { buildLayout } from './layout.js';
import { MM, type Template } from './schema.js';

export interface TemplateSummary {
  lines: string[];
  data: Record<string, unknown>;
}

const mm = (pt: number): string => (pt / MM).toFixed(1);

/** A one-screen description of a valid template. */
export function summarizeTemplate(t: Template): TemplateSummary {
  const l = buildLayout(t);
  const q = l.groups.filter((g) => g.kind === 'question');
  const data = {
    template: t.id,
    version: t.version,
    pageMm: [Number(mm(t.page.width)), Number(mm(t.page.height))],
    questions: q.length,
    options: t.answers.options,
    parts: t.answers.parts.map((p) => ({ title: p.title, from: p.from, to: p.to })),
    sbdDigits: t.candidate.sbd.digits,
    examCodeDigits: t.candidate.made.digits,
    bubbleDiameterMm: Number(mm(2 * t.bubble.radius)),
    bubbles: l.groups.reduce((n, g) => n + g.options.length, 0),
    registrationMarks: l.marks.length,
  };
  const lines = [
    `✔ ${t.id} v${t.version}: valid`,
    `  page          ${mm(t.page.width)} × ${mm(t.page.height)} mm`,
    `  questions     ${q.length}, options ${t.answers.options.join(' ')}, ${t.answers.rowsPerColumn} rows per column`,
    ...t.answers.parts.map((p, i) => `  part ${i + 1}        câu ${p.from}-${p.to}: ${p.title}`),
    `  số báo danh   ${t.candidate.sbd.digits} digit columns`,
    `  mã đề         ${t.candidate.made.digits} digit columns`,
    `  bubbles       ${data.bubbles}, ${mm(2 * t.bubble.radius)} mm across`,
    `  marks         4 corner squares of ${mm(t.registration.size)} mm, ${mm(t.registration.inset)} mm from the edge, plus an orientation key`,
  ];
  return { lines, data };
}
