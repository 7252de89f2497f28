/**
 * Issue 8 item 17: `omr --help` and `omr --version` load no heavy module. Each command imports
 * pdf-lib, exceljs, OpenCV, sharp, SQLite, zod… inside its action; this walks the static
 * imports from src/cli/main.ts (type-only imports and `await import()` do not count) and fails
 * when one of them comes back. The time itself is measured by `npm run bench:startup`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HEAVY = ['pdf-lib', '@pdf-lib/fontkit', 'exceljs', 'sharp', 'better-sqlite3', '@techstark/opencv-js', 'pdfjs-dist', 'zxing-wasm', 'qrcode', 'piscina', '@napi-rs/canvas', 'zod', 'csv-parse', 'csv-stringify', 'cli-progress'];

/** Every package reached by static value imports from `file`, with the chain that reaches it. */
function staticPackages(file: string, chain: string[] = [], seen = new Set<string>(), out = new Map<string, string>()): Map<string, string> {
  if (seen.has(file)) return out;
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  for (const m of src.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]|^export\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1] ?? m[2] ?? m[3];
    const here = [...chain, path.relative(ROOT, file)];
    if (spec.startsWith('.')) {
      const next = path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'));
      if (existsSync(next)) staticPackages(next, here, seen, out);
    } else if (!spec.startsWith('node:')) {
      const pkg = spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
      if (!out.has(pkg)) out.set(pkg, here.join(' → '));
    }
  }
  return out;
}

describe('start-up', () => {
  it('omr --help loads no heavy module: only commander, statically', () => {
    const pkgs = staticPackages(path.join(ROOT, 'src', 'cli', 'main.ts'));
    const heavy = [...pkgs].filter(([p]) => HEAVY.includes(p)).map(([p, chain]) => `${p} (${chain})`);
    expect(heavy).toEqual([]);
    expect([...pkgs.keys()]).toEqual(['commander']);
  });

  it('omr --version prints the version of package.json', async () => {
    const out: string[] = [];
    const code = await main(['node', 'omr', '--version'], { out: (l) => out.push(l), err: (l) => out.push(l), isTTY: false });
    expect(code).toBe(0);
    expect(out).toEqual([JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version]);
    const help: string[] = [];
    await main(['node', 'omr', '--help'], { out: (l) => help.push(l), err: (l) => help.push(l), isTTY: false });
    expect(help.join('\n')).toMatch(/-V, --version\s+in số phiên bản rồi dừng/);
  });
});
