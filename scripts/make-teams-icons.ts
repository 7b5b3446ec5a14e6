/**
 * Draws the two icons of the Teams app package (assets/teams/):
 *
 *   color.png    192×192, full colour: a knowledge-base page under a magnifier on kbbot's blue
 *   outline.png   32×32, white on transparent (what Teams requires): the magnifier alone
 *
 * The shapes are plain geometry, sampled 4×4 per pixel for smooth edges, so the icons can be
 * redrawn at any time:  node --import tsx scripts/make-teams-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { PACKAGE_ROOT } from '../src/config/paths.js';

export const ICON_DIR = path.join(PACKAGE_ROOT, 'assets', 'teams');
/** The accent colour of the manifest and the colour icon's background. */
export const ACCENT = '#2F5AA8';

type Rgba = [number, number, number, number];
/** A shape in unit coordinates (0..1 across the icon): true where it covers the point. */
type Shape = (x: number, y: number) => boolean;

const WHITE: Rgba = [255, 255, 255, 255];
const SAMPLES = 4;

function hex(color: string): Rgba {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function ring(cx: number, cy: number, outer: number, inner: number): Shape {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    return d <= outer && d >= inner;
  };
}

function disc(cx: number, cy: number, r: number): Shape {
  return ring(cx, cy, r, 0);
}

/** A thick segment with round ends. */
function stroke(x0: number, y0: number, x1: number, y1: number, width: number): Shape {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy;
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / len2));
    return Math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) <= width / 2;
  };
}

/** Paints layers in order (later over earlier), each a shape and a colour, onto a transparent image. */
function draw(size: number, layers: Array<[Shape, Rgba]>): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, color] of layers) {
        let hits = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++)
            if (shape((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size)) hits++;
        }
        const cover = (hits / (SAMPLES * SAMPLES)) * (color[3] / 255);
        if (cover === 0) continue;
        // "Over" compositing, straight alpha.
        const outA = cover + a * (1 - cover);
        r = (color[0] * cover + r * a * (1 - cover)) / outA;
        g = (color[1] * cover + g * a * (1 - cover)) / outA;
        b = (color[2] * cover + b * a * (1 - cover)) / outA;
        a = outA;
      }
      const i = (py * size + px) * 4;
      png.data[i] = Math.round(r);
      png.data[i + 1] = Math.round(g);
      png.data[i + 2] = Math.round(b);
      png.data[i + 3] = Math.round(a * 255);
    }
  }
  return PNG.sync.write(png);
}

export function colorIcon(): Buffer {
  const accent = hex(ACCENT);
  const lens: Rgba = [222, 231, 247, 255];
  return draw(192, [
    [rect(0, 0, 1, 1), accent],
    [rect(0.2, 0.16, 0.62, 0.76), WHITE],
    ...[0.28, 0.37, 0.46, 0.55].map((y): [Shape, Rgba] => [
      rect(0.27, y, y === 0.55 ? 0.42 : 0.55, y + 0.035),
      accent,
    ]),
    [disc(0.62, 0.6, 0.17), lens],
    [ring(0.62, 0.6, 0.17, 0.125), WHITE],
    [stroke(0.74, 0.72, 0.85, 0.83, 0.075), WHITE],
  ]);
}

export function outlineIcon(): Buffer {
  return draw(32, [
    [ring(0.42, 0.42, 0.3, 0.2), WHITE],
    [stroke(0.63, 0.63, 0.86, 0.86, 0.14), WHITE],
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(ICON_DIR, { recursive: true });
  writeFileSync(path.join(ICON_DIR, 'color.png'), colorIcon());
  writeFileSync(path.join(ICON_DIR, 'outline.png'), outlineIcon());
  process.stdout.write(`wrote ${path.join(ICON_DIR, 'color.png')} and outline.png\n`);
}
