#!/usr/bin/env node
// Build step (after tsc): validate every bundled template once and write their layouts, keyed by
// the SHA-256 of the file's bytes, to dist/template/known-templates.json (src/template/known.ts).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { loadLayout, TEMPLATES_DIR } = await import(path.join(root, 'dist/template/load.js'));
const { KNOWN_TEMPLATES_FILE } = await import(path.join(root, 'dist/template/known.js'));
const out = [];
for (const name of readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort()) {
  const file = path.join(TEMPLATES_DIR, name);
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  // only templates (exam files, holidays… live there too)
  if (!raw || typeof raw !== 'object' || !('answers' in raw) || !('registration' in raw)) continue;
  const { template, layout } = loadLayout(file);
  out.push({ sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), template, layout });
}
const tmp = `${KNOWN_TEMPLATES_FILE}.${process.pid}.tmp`;
writeFileSync(tmp, JSON.stringify(out));
renameSync(tmp, KNOWN_TEMPLATES_FILE);
