import { createHash } from 'node:crypto';
import { OmrError } from '../errors.js';
import type { SheetIdentity } from '../scan/types.js';

/**
 * The QR identity printed on every sheet:
 *
 *     OMR1|<examId>|<serial>|<templateId>|<templateVersion>|<check>
 *
 * `check` is the first 8 hex digits of SHA-256 over everything before the last `|`.
 * No field can contain `|`: exam ids are [A-Za-z0-9._-], serials are digits, template ids are
 * lowercase letters, digits and dashes.
 */
export const IDENTITY_PREFIX = 'OMR1';
export const EXAM_ID_RE = /^[A-Za-z0-9._-]{1,40}$/;
export const SERIAL_DIGITS = 6;
export const SERIAL_RE = /^\d{6}$/;
export const MAX_SERIAL = 999_999;
const TEMPLATE_ID_RE = /^[a-z0-9][a-z0-9-]*$/;

export interface IdentityInput {
  examId: string;
  serial: string;
  template: string;
  templateVersion: number;
}

function checksum(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 8);
}

/** Format a serial number as the printed 6-digit string ("000123"). */
export function formatSerial(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SERIAL) {
    throw new OmrError('USAGE', `serial ${n} is out of range: serials are whole numbers from 0 to ${MAX_SERIAL}`, {
      hint: 'choose a smaller --first-serial or print fewer sheets',
    });
  }
  return String(n).padStart(SERIAL_DIGITS, '0');
}

export function encodeIdentity(id: IdentityInput): string {
  if (!EXAM_ID_RE.test(id.examId)) {
    throw new OmrError('EXAM_INVALID', `exam id "${id.examId}" must be 1-40 letters, digits, dots, dashes or underscores`, {
      hint: 'change the "id" of the exam file',
    });
  }
  if (!SERIAL_RE.test(id.serial)) throw new OmrError('USAGE', `serial "${id.serial}" must be exactly 6 digits`);
  if (!TEMPLATE_ID_RE.test(id.template)) throw new OmrError('TEMPLATE_INVALID', `template id "${id.template}" is not valid`);
  if (!Number.isInteger(id.templateVersion) || id.templateVersion < 1) {
    throw new OmrError('TEMPLATE_INVALID', `template version ${id.templateVersion} must be a positive whole number`);
  }
  const body = [IDENTITY_PREFIX, id.examId, id.serial, id.template, String(id.templateVersion)].join('|');
  return `${body}|${checksum(body)}`;
}

function notASheet(text: string, why: string): OmrError {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return new OmrError('NOT_A_SHEET', `QR code "${shown}" is not an answer-sheet identity: ${why}`, {
    hint: 'scan only answer sheets printed by omr generate',
    detail: { text },
  });
}

/** Parse and verify a QR payload; throws OmrError NOT_A_SHEET with the reason. */
export function parseIdentity(text: string): SheetIdentity {
  const fields = text.split('|');
  if (fields[0] !== IDENTITY_PREFIX) throw notASheet(text, `it does not start with "${IDENTITY_PREFIX}|"`);
  if (fields.length !== 6) throw notASheet(text, `it has ${fields.length} fields instead of 6`);
  const [, examId, serial, template, version, check] = fields;
  const body = text.slice(0, text.lastIndexOf('|'));
  if (check !== checksum(body)) throw notASheet(text, 'the checksum does not match (damaged or hand-made code)');
  if (!EXAM_ID_RE.test(examId)) throw notASheet(text, `exam id "${examId}" is not valid`);
  if (!SERIAL_RE.test(serial)) throw notASheet(text, `serial "${serial}" is not 6 digits`);
  if (!TEMPLATE_ID_RE.test(template)) throw notASheet(text, `template id "${template}" is not valid`);
  if (!/^[1-9]\d*$/.test(version)) throw notASheet(text, `template version "${version}" is not a positive whole number`);
  return { examId, serial, template, templateVersion: Number(version) };
}
