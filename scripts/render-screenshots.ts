/**
 * Draws error screenshots in Chromium (playwright-core, /usr/bin/chromium) for OCR fixtures and
 * the OCR evaluation: message boxes styled like Windows 2000, XP and 10, a console, and an Event
 * Properties window, at 100–150 % scale, as PNG or JPEG.
 *
 *   node --import tsx scripts/render-screenshots.ts SPEC.jsonl OUT_DIR
 *
 * Each line of SPEC.jsonl is a Screenshot (below). Nothing is fetched: the page is built here and
 * drawn with the fonts installed on the machine. Screenshots whose text comes from archive articles
 * stay outside the repository (e.g. /work/data/ocr-eval); test/fixtures/ocr holds a few with text
 * written for kbbot.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface Screenshot {
  /** File name without extension. */
  id: string;
  /** event: Windows 7–10 Event Viewer; event-xp: the Windows 2000/XP Event Properties dialog. */
  style: 'win2000' | 'xp' | 'win10' | 'console' | 'event' | 'event-xp';
  /** Window title (message boxes); the console's title bar. */
  title?: string;
  /** The message, the console output, or the event's description. */
  text: string;
  /** Event Properties fields. */
  source?: string;
  eventId?: string;
  level?: string;
  /** Display scale: 1, 1.25 or 1.5. */
  scale?: number;
  format?: 'png' | 'jpeg';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const lines = (s: string) => esc(s).replace(/\n/g, '<br>');

const ICON = `<div class="icon">✕</div>`;

function messageBox(s: Screenshot): string {
  const css: Record<string, string> = {
    win2000: `body{background:#3a6ea5}.win{background:#d4d0c8;border:2px outset #fff;font:11px 'Liberation Sans'}
      .bar{background:linear-gradient(90deg,#0a246a,#a6caf0);color:#fff;font-weight:bold;padding:3px 5px}
      .btn{background:#d4d0c8;border:2px outset #fff;padding:3px 20px;font:11px 'Liberation Sans'}
      .icon{background:#f00;color:#fff}`,
    xp: `body{background:#5a7edc}.win{background:#ece9d8;border:3px solid #0831d9;border-radius:7px 7px 0 0;font:11px 'Liberation Sans'}
      .bar{background:linear-gradient(#0997ff,#0053ee 10%,#0050ee 90%,#06f);color:#fff;font-weight:bold;font-size:13px;padding:5px 7px}
      .btn{background:linear-gradient(#fff,#ece9d8);border:1px solid #003c74;border-radius:3px;padding:3px 18px;font:11px 'Liberation Sans'}
      .icon{background:#d00;color:#fff;border-radius:50%}`,
    win10: `body{background:#1e5aa0}.win{background:#fff;border:1px solid #1883d7;font:12px 'Liberation Sans'}
      .bar{background:#fff;color:#000;padding:8px 10px;font-size:12px}
      .foot{background:#f0f0f0;border-top:1px solid #dfdfdf}
      .btn{background:#e1e1e1;border:1px solid #adadad;padding:4px 24px;font:12px 'Liberation Sans'}
      .icon{background:#e81123;color:#fff;border-radius:50%}`,
  };
  return `<style>body{margin:0;padding:30px}${css[s.style]}
    .win{display:inline-block;min-width:320px;max-width:520px}
    .body{display:flex;gap:14px;padding:16px 18px 10px}
    .icon{width:32px;height:32px;flex:none;text-align:center;line-height:32px;font-weight:bold}
    .foot{display:flex;justify-content:center;gap:8px;padding:10px}</style>
    <div class="win"><div class="bar">${esc(s.title ?? 'Error')}</div>
    <div class="body">${ICON}<div>${lines(s.text)}</div></div>
    <div class="foot"><button class="btn">OK</button></div></div>`;
}

function consoleWindow(s: Screenshot): string {
  return `<style>body{margin:0;padding:20px;background:#008080}
    .win{display:inline-block;width:640px;border:1px solid #888;background:#000}
    .bar{background:#fff;color:#000;font:12px 'Liberation Sans';padding:6px 8px}
    pre{margin:0;padding:6px 8px;color:#c0c0c0;font:14px 'Liberation Mono';white-space:pre-wrap}</style>
    <div class="win"><div class="bar">${esc(s.title ?? 'Command Prompt')}</div>
    <pre>Microsoft Windows [Version 10.0.19045.3570]
(c) Microsoft Corporation. All rights reserved.

${esc(s.text)}

C:\\&gt;</pre></div>`;
}

function eventProperties(s: Screenshot): string {
  return `<style>body{margin:0;padding:24px;background:#3a6ea5}
    .win{display:inline-block;width:560px;background:#f0f0f0;border:1px solid #707070;font:12px 'Liberation Sans'}
    .bar{background:#fff;padding:7px 9px}.tabs{padding:8px 10px 0}.tab{display:inline-block;border:1px solid #aaa;
    border-bottom:0;background:#fff;padding:3px 9px}.pane{margin:0 10px 10px;border:1px solid #aaa;background:#fff;padding:10px}
    .desc{border:1px solid #ccc;padding:8px;min-height:90px}table{margin-top:10px;border-spacing:6px 3px}
    td:nth-child(odd){color:#333}</style>
    <div class="win"><div class="bar">${esc(s.title ?? `Event ${s.eventId ?? ''}, ${s.source ?? ''}`)}</div>
    <div class="tabs"><span class="tab">General</span> <span>Details</span></div>
    <div class="pane"><div class="desc">${lines(s.text)}</div><table>
    <tr><td>Log Name:</td><td>${esc(s.eventId && +s.eventId > 0 ? 'System' : 'Application')}</td></tr>
    <tr><td>Source:</td><td>${esc(s.source ?? '')}</td><td>Logged:</td><td>3/14/2024 9:26:53 AM</td></tr>
    <tr><td>Event ID:</td><td>${esc(s.eventId ?? '')}</td><td>Task Category:</td><td>None</td></tr>
    <tr><td>Level:</td><td>${esc(s.level ?? 'Error')}</td><td>Keywords:</td><td>Classic</td></tr>
    <tr><td>User:</td><td>N/A</td><td>Computer:</td><td>SRV-FILES01</td></tr></table></div></div>`;
}

/** The Windows 2000/XP dialog: the fields two by two above the description box. */
function eventPropertiesXp(s: Screenshot): string {
  return `<style>body{margin:0;padding:24px;background:#3a6ea5}
    .win{display:inline-block;width:440px;background:#ece9d8;border:3px solid #0831d9;border-radius:7px 7px 0 0;
    font:11px 'Liberation Sans'}.bar{background:linear-gradient(#0997ff,#0053ee);color:#fff;font-weight:bold;
    font-size:13px;padding:5px 7px}.pane{padding:10px}table{border-spacing:4px 2px;width:100%}
    .desc{background:#fff;border:1px solid #7f9db9;padding:6px;min-height:110px;margin-top:6px}
    .foot{text-align:right;padding:8px 10px}.btn{border:1px solid #003c74;border-radius:3px;padding:3px 18px;
    background:linear-gradient(#fff,#ece9d8);margin-left:6px}</style>
    <div class="win"><div class="bar">Event Properties</div><div class="pane"><b>Event</b><table>
    <tr><td>Date:</td><td>3/14/2004</td><td>Source:</td><td>${esc(s.source ?? '')}</td></tr>
    <tr><td>Time:</td><td>9:26:53 AM</td><td>Category:</td><td>None</td></tr>
    <tr><td>Type:</td><td>${esc(s.level ?? 'Error')}</td><td>Event ID:</td><td>${esc(s.eventId ?? '')}</td></tr>
    <tr><td>User:</td><td>N/A</td><td></td><td></td></tr><tr><td>Computer:</td><td>SRV-FILES01</td><td></td><td></td></tr>
    </table>Description:<div class="desc">${lines(s.text)}</div></div>
    <div class="foot"><span class="btn">OK</span><span class="btn">Cancel</span><span class="btn">Apply</span></div></div>`;
}

export function screenshotHtml(s: Screenshot): string {
  const body =
    s.style === 'console'
      ? consoleWindow(s)
      : s.style === 'event'
        ? eventProperties(s)
        : s.style === 'event-xp'
          ? eventPropertiesXp(s)
          : messageBox(s);
  return `<!doctype html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`;
}

/** Draws one screenshot (the window only, as a screen capture tool would) to `file`. */
export async function renderScreenshot(page: Page, s: Screenshot, file: string): Promise<void> {
  await page.setContent(screenshotHtml(s));
  const box = await page.locator('.win').boundingBox();
  if (!box) throw new Error(`${s.id}: nothing drawn`);
  const format = s.format ?? 'png';
  await page.screenshot({
    path: file,
    type: format,
    quality: format === 'jpeg' ? 85 : undefined,
    clip: { x: box.x - 4, y: box.y - 4, width: box.width + 8, height: box.height + 8 },
  });
}

async function main(): Promise<void> {
  const [specFile, outDir] = process.argv.slice(2);
  if (!specFile || !outDir) {
    process.stderr.write('usage: render-screenshots.ts SPEC.jsonl OUT_DIR\n');
    process.exit(2);
  }
  const specs = (await readFile(specFile, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Screenshot);
  await mkdir(outDir, { recursive: true });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    for (const scale of [...new Set(specs.map((s) => s.scale ?? 1))]) {
      const context = await browser.newContext({
        deviceScaleFactor: scale,
        viewport: { width: 900, height: 700 },
      });
      // Nothing leaves the machine: the page is self-contained.
      await context.route('**/*', (r) => (r.request().url().startsWith('data:') ? r.continue() : r.abort()));
      const page = await context.newPage();
      for (const s of specs.filter((x) => (x.scale ?? 1) === scale)) {
        const file = path.join(outDir, `${s.id}.${s.format === 'jpeg' ? 'jpg' : 'png'}`);
        await renderScreenshot(page, s, file);
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
