/**
 * The bundled templates, validated once at build time (scripts/known-templates.mjs writes
 * dist/template/known-templates.json): a template file whose bytes hash to one of them needs no
 * schema check at run time, which spares a one-page `omr scan` loading zod (about 0.1 s). Any
 * other file, or a missing list (running from src/ under vitest), goes through `loadLayout`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layout } from './layout.js';
import type { Template } from './schema.js';

export interface KnownTemplate {
  sha256: string;
  template: Template;
  layout: Layout;
}

/** Where the build writes the list (beside this module in dist/). */
export const KNOWN_TEMPLATES_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'known-templates.json');

let known: KnownTemplate[] | undefined;

function knownTemplates(): KnownTemplate[] {
  if (!known) {
    try {
      known = JSON.parse(readFileSync(KNOWN_TEMPLATES_FILE, 'utf8')) as KnownTemplate[];
    } catch {
      known = [];
    }
  }
  return known;
}

/** The bundled template with these exact bytes, if any. */
export function knownTemplate(bytes: Uint8Array): KnownTemplate | undefined {
  const list = knownTemplates();
  if (!list.length) return undefined;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return list.find((k) => k.sha256 === sha256);
}

/** Template and layout of a template file: from the build's list when the bytes match, else validated now. */
export async function templateLayout(file: string): Promise<{ template: Template; layout: Layout }> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = readFileSync(file);
  } catch {
    // loadLayout says what is wrong with the path, in the user's language
  }
  const hit = bytes && knownTemplate(bytes);
  if (hit) return { template: hit.template, layout: hit.layout };
  const { loadLayout } = await import('./load.js');
  return loadLayout(file);
}
