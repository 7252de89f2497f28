/** Where the bundled templates live (light to load: `omr --help` shows the default template). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the bundled templates (works from src/ under vitest and from dist/). */
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
export const DEFAULT_TEMPLATE = path.join(TEMPLATES_DIR, 'sat-hach-100.json');
