/** OCR of error screenshots: an image in, the paste it shows out (src/ocr/read-image.ts). */
export type * from './types.js';
export { createImageReader, problem as imageProblem } from './read-image.js';
export { OCR_LIMITS, PROBLEM_TEXT, type OcrLimits } from './limits.js';
export { screenshotText, repairCodes } from './screenshot-text.js';
export { imageNotice, pasteWithImage, withImageNotice } from './paste.js';
export { downloadImage, DOWNLOAD_FAILED, type Downloaded } from './download.js';
