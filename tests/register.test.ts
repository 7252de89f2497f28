// Registration looks for the marks in the image's corner windows first (a fifth of the page) and
// on the whole page only when those do not settle a fit. The shortcut must never change a read:
// on pages of every scanner situation it gives exactly the registration of the whole-page search.
import { describe, expect, it } from 'vitest';
import { defaultSheetPrinter, EFFECT_PROFILES, generateSheetPage, toGray } from '../src/fixtures/index.js';
import { register } from '../src/scan/register.js';

describe('registration from the corner windows', () => {
  const printer = defaultSheetPrinter();
  for (const profile of EFFECT_PROFILES) {
    it(`gives the whole-page registration on a ${profile} page`, async () => {
      const page = await generateSheetPage({ printer, serial: '000412', seed: 4120 + EFFECT_PROFILES.indexOf(profile), profile });
      const img = toGray(page.raster);
      const fast = register(img, printer.layout);
      const full = register(img, printer.layout, { cornersFirst: false });
      expect(fast).toEqual(full);
      expect(fast.cornersFound).toBeGreaterThanOrEqual(3);
    });
  }
});
