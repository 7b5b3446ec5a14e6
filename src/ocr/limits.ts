/** The OCR limits in one place: every image costs bounded bytes, pixels, time and threads. */
export interface OcrLimits {
  /** Largest image file accepted. Screenshots are well under 1 MB; 10 MB leaves room for a 4K PNG. */
  maxBytes: number;
  /** Largest image in pixels (width × height); sharp refuses larger before decoding it. */
  maxPixels: number;
  /** Largest image handed to Tesseract after scaling up: OCR time grows with the pixels. */
  maxOcrPixels: number;
  /** OCR threads (Tesseract workers), i.e. images read at once. Each holds about 40 MB. */
  jobs: number;
  /** Images waiting for a thread; past it an image is answered "busy" at once. */
  queue: number;
  /** Longest one image may take; the thread is then replaced. */
  timeoutMs: number;
}

export const OCR_LIMITS: Readonly<OcrLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxOcrPixels: 8_000_000,
  jobs: 1,
  queue: 8,
  timeoutMs: 30_000,
});

/** Problems' answers: what the person sees on the card. */
export const PROBLEM_TEXT = {
  'not-image':
    'That file is not an image I can read (PNG, JPEG, WebP, GIF or TIFF). Paste the error text instead.',
  'too-large': (mb: number) =>
    `That image is too large (more than ${mb} MB). Crop it to the error dialog, or paste the error text.`,
  'too-many-pixels':
    'That image has too many pixels to read. Crop it to the error dialog, or paste the error text.',
  animated: 'That image is animated; I read still screenshots only. Paste a screenshot or the error text.',
  blank: 'That image is blank: there is nothing on it to read. Paste a screenshot of the error or its text.',
  'no-text': 'I found no text in that image. Paste a sharper screenshot of the error, or the error text.',
  busy: 'I am reading other screenshots just now. Send it again in a moment, or paste the error text.',
  failed: 'I could not read that image. Paste the error text instead.',
} as const;
