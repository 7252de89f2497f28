#!/usr/bin/env node
/**
 * npm run readme:troubleshooting — rewrite the tables of docs/troubleshooting.md
 * from the message catalogue (src/i18n/troubleshooting.ts), so every message quoted there is
 * exactly what omr prints, in Vietnamese and in English. Needs dist/ (npm run build).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TROUBLESHOOTING_BEGIN, TROUBLESHOOTING_END, troubleshootingMarkdown } from '../dist/i18n/troubleshooting.js';

const readme = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'troubleshooting.md');
const text = readFileSync(readme, 'utf8');
const a = text.indexOf(TROUBLESHOOTING_BEGIN);
const b = text.indexOf(TROUBLESHOOTING_END);
if (a < 0 || b < a) {
  console.error(`docs/troubleshooting.md: the markers ${TROUBLESHOOTING_BEGIN} … ${TROUBLESHOOTING_END} are missing`);
  process.exit(2);
}
const next = text.slice(0, a + TROUBLESHOOTING_BEGIN.length) + '\n' + troubleshootingMarkdown() + text.slice(b);
if (next === text) console.log('docs/troubleshooting.md: up to date');
else {
  writeFileSync(readme, next);
  console.log('docs/troubleshooting.md: tables rewritten');
}
