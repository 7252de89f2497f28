import { z } from 'zod';

/** Points per millimetre. All template geometry is in PDF points, origin top-left, y down. */
export const MM = 72 / 25.4;

const num = z.number().finite();
const pos = num.positive('must be positive');
const nonneg = num.nonnegative('must not be negative');

export const rectSchema = z.object({ x: nonneg, y: nonneg, w: pos, h: pos }).strict();
export type Rect = z.infer<typeof rectSchema>;

const gridSchema = z
  .object({
    label: z.string().min(1),
    /** Centre of the top-left bubble (digit 0 of the first column). */
    x: nonneg,
    y: nonneg,
    digits: z.number().int().min(1).max(12),
  })
  .strict();

export const templateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and dashes'),
    version: z.number().int().positive('must be positive'),
    title: z.string().min(1),
    page: z.object({ width: pos, height: pos }).strict(),
    registration: z
      .object({
        /** Side of each solid square corner mark. */
        size: pos,
        /** Distance from the paper edge to the mark's outer side. */
        inset: pos,
        /** White margin kept around each mark. */
        quietZone: nonneg,
        /** Small solid square to the right of the top-left mark: tells 0° from 180°. */
        keySize: pos,
        keyGap: pos,
      })
      .strict(),
    bubble: z
      .object({
        radius: pos,
        stroke: pos,
        labelSize: pos,
      })
      .strict(),
    identity: z
      .object({
        qr: z.object({ x: nonneg, y: nonneg, size: pos }).strict(),
        serial: z.object({ x: nonneg, y: nonneg, size: pos }).strict(),
      })
      .strict(),
    header: rectSchema,
    titleBox: rectSchema,
    info: rectSchema.extend({
      fields: z.array(z.object({ key: z.string().min(1), label: z.string().min(1) }).strict()).min(1),
    }),
    instructions: rectSchema,
    signatures: rectSchema.extend({ boxes: z.array(z.string().min(1)).min(1) }),
    candidate: z
      .object({
        sbd: gridSchema,
        made: gridSchema,
        columnPitch: pos,
        rowPitch: pos,
        /** Height of the write-in box above each digit column. */
        writeBox: pos,
      })
      .strict(),
    answers: z
      .object({
        x: nonneg,
        y: nonneg,
        questions: z.number().int().min(1).max(200),
        options: z.array(z.string().regex(/^[A-Z]$/, 'must be one capital letter')).min(2).max(8),
        rowsPerColumn: z.number().int().positive('must be positive'),
        columnPitch: pos,
        optionPitch: pos,
        rowPitch: pos,
        /** Rows are drawn in blocks with an extra gap between blocks, to help the eye. */
        blockRows: z.number().int().positive('must be positive'),
        blockGap: nonneg,
        /** Width kept left of the first bubble for the question number. */
        labelWidth: pos,
        partTitleHeight: pos,
        parts: z
          .array(
            z
              .object({
                title: z.string().min(1),
                from: z.number().int().positive('must be positive'),
                to: z.number().int().positive('must be positive'),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
  })
  .strict();

export type Template = z.infer<typeof templateSchema>;
