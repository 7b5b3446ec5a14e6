/**
 * The ImageReader: bytes in, the text a screenshot shows (or a clear reason why none) out.
 * Preparation runs in sharp's threads and recognition in Tesseract's worker threads, so the
 * event loop only waits on promises.
 */
import { BusyError, OcrEngine } from './engine.js';
import { OCR_LIMITS, PROBLEM_TEXT, type OcrLimits } from './limits.js';
import { prepareImage } from './prepare.js';
import { screenshotText } from './screenshot-text.js';
import type { ImageFailure, ImageInput, ImageProblem, ImageReader, ImageReading } from './types.js';

/** Under this mean word confidence (0–100) with little text, what Tesseract "read" is noise (a photo, a texture). */
const NOISE_CONFIDENCE = 45;
const MIN_LETTERS = 4;

export function problem(p: ImageProblem, limits: Pick<OcrLimits, 'maxBytes'> = OCR_LIMITS): ImageFailure {
  const text = PROBLEM_TEXT[p];
  const message = typeof text === 'function' ? text(Math.round(limits.maxBytes / 1024 / 1024)) : text;
  return { ok: false, problem: p, message };
}

export function createImageReader(overrides: Partial<OcrLimits> = {}): ImageReader {
  const limits: OcrLimits = { ...OCR_LIMITS, ...overrides };
  const engine = new OcrEngine(limits);
  return {
    maxBytes: limits.maxBytes,
    async read(image: ImageInput): Promise<ImageReading> {
      const started = performance.now();
      const prepared = await prepareImage(image.bytes, limits);
      if (!prepared.ok) return problem(prepared.problem, limits);
      let raw: { text: string; confidence: number };
      try {
        raw = await engine.recognize(prepared.png);
      } catch (e) {
        // A thread that overran or failed was replaced; this image is answered "could not read".
        return problem(e instanceof BusyError ? 'busy' : 'failed', limits);
      }
      const read = screenshotText(raw.text);
      const letters = read.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
      if (letters < MIN_LETTERS || (raw.confidence < NOISE_CONFIDENCE && letters < 40))
        return problem('no-text', limits);
      return {
        ok: true,
        text: read.text,
        confidence: raw.confidence,
        event: read.event,
        width: prepared.width,
        height: prepared.height,
        ms: Math.round(performance.now() - started),
      };
    },
    close: () => engine.close(),
  };
}
