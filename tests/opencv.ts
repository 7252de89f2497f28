import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The OpenCV.js namespace (typed loosely: we use a small, well-tested subset). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CV = any;

let ready: Promise<void> | undefined;
let cvModule: CV;

/**
 * Load OpenCV.js (WebAssembly) once per thread. The Emscripten module object has a `then`
 * method, so it is never awaited or returned from an async function: we wait for
 * onRuntimeInitialized and resolve with nothing.
 */
export function loadOpenCV(): Promise<void> {
  ready ??= new Promise<void>((resolve, reject) => {
    try {
      const mod = require('@techstark/opencv-js');
      const finish = (m: CV) => {
        cvModule = m;
        resolve();
      };
      if (mod && typeof mod.Mat === 'function') finish(mod);
      else {
        const prev = mod.onRuntimeInitialized;
        mod.onRuntimeInitialized = () => {
          if (typeof prev === 'function') prev();
          finish(mod);
        };
      }
    } catch (e) {
      reject(e);
    }
  });
  return ready;
}

/** The loaded OpenCV namespace; call after `await loadOpenCV()`. */
export function cv(): CV {
  if (!cvModule) throw new Error('OpenCV.js is not loaded yet: await loadOpenCV() first');
  return cvModule;
}
