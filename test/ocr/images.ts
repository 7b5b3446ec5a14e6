/** Images for the OCR tests: the rendered fixtures (test/fixtures/ocr, text written for kbbot) and bad ones made here. */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const OCR_FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ocr');

export function fixture(name: string): Buffer {
  return readFileSync(path.join(OCR_FIXTURES, name));
}

const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } });

export async function blankPng(): Promise<Buffer> {
  return solid(400, 200, '#ffffff').png().toBuffer();
}

/** A smooth grey ramp: not blank, but nothing to read. */
export async function rampPng(): Promise<Buffer> {
  const w = 300;
  const h = 120;
  const raw = Buffer.alloc(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * w + x] = Math.round((x / w) * 255);
  return sharp(raw, { raw: { width: w, height: h, channels: 1 } })
    .png()
    .toBuffer();
}

export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all(['#ff0000', '#0000ff'].map((c) => solid(40, 40, c).png().toBuffer()));
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
}

/** A small PNG whose header claims 20000 × 20000 pixels: it must be refused from the header, before decoding. */
export async function hugePng(): Promise<Buffer> {
  const png = Buffer.from(await solid(8, 8, '#ffffff').png().toBuffer());
  // IHDR: length (4) 'IHDR' (4) width (4) height (4) … CRC over type and data, at byte 29.
  png.writeUInt32BE(20_000, 16);
  png.writeUInt32BE(20_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A whole 1920 × 1080 screen at 100 % with a dialog in the middle, as a full-screen capture gives it. */
export async function fullScreenWith(dialog: string): Promise<Buffer> {
  return solid(1920, 1080, '#3a6ea5')
    .composite([{ input: fixture(dialog), left: 700, top: 400 }])
    .png()
    .toBuffer();
}
