/** OCR of error screenshots: an image in, the paste it shows out (src/ocr/read-image.ts). */
export type * from './types.js';
export { createImageReader, problem as imageProblem } from './read-image.js';
export { OCR_LIMITS } from './limits.js';
export { pasteWithImage, withImageNotice } from './paste.js';
export { downloadImage, DOWNLOAD_FAILED } from './download.js';
