/**
 * An image made ready for Tesseract with sharp (libvips, in libuv's thread pool, so the event
 * loop does not wait on it): refused early when it is not a still image of bounded size, then
 * flattened onto white, grey, scaled up when it is a small screenshot (Tesseract reads text
 * best at 20–30 px x-height; a 100 % dialog draws 11 px text), and contrast-stretched.
 * No fixed threshold: Tesseract binarises adaptively itself, and a fixed one erased the
 * light-on-dark title bars of the fixtures.
 */
import sharp, { type Metadata } from 'sharp';
import type { ImageProblem } from './types.js';
import type { OcrLimits } from './limits.js';

const READABLE = new Set(['png', 'jpeg', 'webp', 'gif', 'tiff', 'heif', 'avif']);

/**
 * Below this width a screenshot is scaled ×3, wider ones ×2 (within maxOcrPixels): the width does
 * not tell the text's size (a whole 1920 px screen at 100 % holds 11 px text, and read unscaled it
 * turned "Error 1058" into "Error 1056"), and enlarging text that is big already costs only time.
 */
const NARROW = 700;
/** Standard deviation of grey levels under which an image counts as blank (one flat colour). */
const BLANK_STDEV = 2;

export type Prepared =
  | { ok: true; png: Buffer; width: number; height: number }
  | { ok: false; problem: ImageProblem };

export async function prepareImage(bytes: Uint8Array, limits: OcrLimits): Promise<Prepared> {
  if (bytes.byteLength > limits.maxBytes) return { ok: false, problem: 'too-large' };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return { ok: false, problem: 'not-image' };
  }
  if (!meta.format || !READABLE.has(meta.format) || !meta.width || !meta.height)
    return { ok: false, problem: 'not-image' };
  if (meta.width * meta.height > limits.maxPixels) return { ok: false, problem: 'too-many-pixels' };
  if ((meta.pages ?? 1) > 1 && meta.format !== 'tiff') return { ok: false, problem: 'animated' };

  try {
    const grey = sharp(bytes, { limitInputPixels: limits.maxPixels })
      .flatten({ background: '#ffffff' })
      .greyscale();
    const stats = await grey.clone().stats();
    if ((stats.channels[0]?.stdev ?? 0) < BLANK_STDEV) return { ok: false, problem: 'blank' };
    const factor = scaleFactor(meta.width, meta.height, limits.maxOcrPixels);
    const width = Math.round(meta.width * factor);
    const height = Math.round(meta.height * factor);
    const png = await grey
      .resize({ width, height, kernel: factor > 1 ? 'lanczos3' : 'nearest', fit: 'fill' })
      .normalise()
      .png({ compressionLevel: 1 })
      // Tesseract warns on (and guesses) a resolution it is not told; a screen enlarged reads like print.
      .withMetadata({ density: 300 })
      .toBuffer();
    return { ok: true, png, width, height };
  } catch {
    // A truncated or corrupt file fails only when decoded.
    return { ok: false, problem: 'not-image' };
  }
}

/** How much to enlarge: small screenshots more, never past maxOcrPixels (shrunk when already over it). */
export function scaleFactor(width: number, height: number, maxOcrPixels: number): number {
  const wanted = width < NARROW ? 3 : 2;
  const fits = Math.sqrt(maxOcrPixels / (width * height));
  return Math.min(wanted, fits);
}
