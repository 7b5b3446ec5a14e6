/**
 * The OCR evaluation: screenshots of error messages quoted by archive articles, answered through
 * `kbbot batch` with image lines, against the same texts typed.
 *
 *   node --import tsx scripts/ocr-eval.ts make  --archive /work/data/archive/txt --out /work/data/ocr-eval
 *   kbbot batch --content <archive> < OUT/typed.jsonl  > OUT/typed.out
 *   kbbot batch --content <archive> < OUT/images.jsonl > OUT/images.out
 *   node --import tsx scripts/ocr-eval.ts score --out /work/data/ocr-eval
 *
 * `make` picks articles (a fixed pseudo-random order) whose Symptoms quote an error message in an
 * indented block, or an event with its Source, ID and Description, draws each as a message box
 * (Windows 2000, XP, 10), a console or an Event Properties window (Windows 10 or 2000/XP) at
 * 100/125/150 % as PNG or JPEG (scripts/render-screenshots.ts), and writes the batch inputs.
 * The images hold article text, so OUT must be outside the repository. The right article for a
 * screenshot is the one its text came from.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/config/paths.js';
import { renderScreenshot, type Screenshot } from './render-screenshots.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    archive: { type: 'string', default: '/work/data/archive/txt' },
    out: { type: 'string', default: '/work/data/ocr-eval' },
    count: { type: 'string', default: '40' },
    events: { type: 'string', default: '10' },
  },
});
const out = path.resolve(values.out);

/** A small seeded generator (mulberry32): the same archive gives the same set. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Picked {
  qid: string;
  product: string;
  text: string;
  event?: { id: string; source: string };
}

/** Wraps a message at about 70 characters, as a dialog would. */
function wrap(msg: string): string {
  const lines: string[] = [];
  let cur = '';
  for (const w of msg.split(/\s+/)) {
    if (cur && cur.length + w.length + 1 > 70) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  return [...lines, cur].join('\n');
}

const joinBlock = (block: string) =>
  block
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
    .trim();

function pick(text: string): Picked | undefined {
  const symptoms = /^SYMPTOMS\n=+\n([\s\S]*?)(?=^\S[A-Z ]+\n=+)/m.exec(text)?.[1];
  const qid = /^DOCUMENT:(Q\d+)/m.exec(text)?.[1];
  if (!symptoms || !qid) return undefined;
  const product = (/^PRODUCT :(.*)$/m.exec(text)?.[1].trim() || 'Microsoft Windows').slice(0, 40);
  const id = /Event ID:\s*(\d{2,5})/.exec(symptoms)?.[1];
  const source = /Source:\s*(\S[^\n]{1,30})/.exec(symptoms)?.[1].trim();
  const description = /Description:\s*\n?((?:[ \t]*\S[^\n]*\n){1,4})/.exec(symptoms)?.[1];
  if (id && source && description) {
    const msg = joinBlock(description);
    return msg.length >= 25 && msg.length <= 300
      ? { qid, product, text: wrap(msg), event: { id, source } }
      : undefined;
  }
  const block = /(?:error message|following error|message:)[^\n]*\n\s*\n((?:[ \t]+\S[^\n]*\n){1,4})/i.exec(
    symptoms,
  )?.[1];
  if (!block) return undefined;
  const msg = joinBlock(block);
  if (msg.length < 25 || msg.length > 260 || !/\d|error|fail|cannot|unable|not/i.test(msg)) return undefined;
  return { qid, product, text: wrap(msg) };
}

async function make(): Promise<void> {
  if (!path.relative(PACKAGE_ROOT, out).startsWith('..'))
    throw new Error(`${out} is inside the repository: the screenshots hold article text`);
  const count = Number(values.count);
  const wantEvents = Number(values.events);
  const files: string[] = [];
  for (const dir of (await readdir(values.archive)).sort()) {
    for (const f of (await readdir(path.join(values.archive, dir))).sort())
      files.push(path.join(values.archive, dir, f));
  }
  const random = seeded(15);
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
  const picked: Picked[] = [];
  let events = 0;
  for (const file of files) {
    if (picked.length >= count) break;
    const p = pick((await readFile(file)).toString('latin1').replace(/\r\n?/g, '\n'));
    if (!p) continue;
    if (p.event ? events >= wantEvents : picked.length - events >= count - wantEvents) continue;
    if (p.event) events++;
    picked.push(p);
  }
  const boxes = ['win2000', 'xp', 'win10', 'console', 'xp', 'win10'] as const;
  const scales = [1, 1.25, 1.5];
  const spec: Screenshot[] = [];
  const typed: object[] = [];
  const images: object[] = [];
  picked.forEach((p, i) => {
    const style = p.event ? (['event', 'event-xp'] as const)[i % 2] : boxes[i % boxes.length];
    const s: Screenshot = {
      id: `${p.qid}-${style}`,
      style,
      text: p.text,
      scale: scales[i % 3],
      format: i % 2 ? 'jpeg' : 'png',
    };
    let query: string;
    if (p.event) {
      Object.assign(s, { source: p.event.source, eventId: p.event.id, level: 'Error' });
      query = `Event ID: ${p.event.id}\nSource: ${p.event.source}\n${p.text}`;
    } else if (style === 'console') {
      query = p.text;
    } else {
      s.title = p.product;
      query = `${p.product}\n${p.text}`;
    }
    spec.push(s);
    typed.push({ qid: p.qid, query });
    images.push({
      qid: p.qid,
      image: path.join(out, 'images', `${s.id}.${s.format === 'jpeg' ? 'jpg' : 'png'}`),
    });
  });
  await mkdir(path.join(out, 'images'), { recursive: true });
  const lines = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
  await writeFile(path.join(out, 'spec.jsonl'), lines(spec));
  await writeFile(path.join(out, 'typed.jsonl'), lines(typed));
  await writeFile(path.join(out, 'images.jsonl'), lines(images));

  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    for (const scale of scales) {
      const context = await browser.newContext({
        deviceScaleFactor: scale,
        viewport: { width: 900, height: 700 },
      });
      await context.route('**/*', (r) => r.abort());
      const page = await context.newPage();
      for (const s of spec.filter((x) => x.scale === scale))
        await renderScreenshot(
          page,
          s,
          path.join(out, 'images', `${s.id}.${s.format === 'jpeg' ? 'jpg' : 'png'}`),
        );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const perStyle = new Map<string, number>();
  for (const s of spec) perStyle.set(s.style, (perStyle.get(s.style) ?? 0) + 1);
  const styles = [...perStyle].map(([k, n]) => `${k} ${n}`);
  process.stdout.write(`${spec.length} screenshots (${styles.join(', ')}) in ${out}/images\n`);
}

interface BatchLine {
  qid: string;
  results?: Array<{ id: string }>;
  error?: string;
  ocrMs?: number;
}

async function score(): Promise<void> {
  const spec = new Map((await readLines<Screenshot>('spec.jsonl')).map((s) => [s.id.split('-')[0], s]));
  for (const name of ['typed.out', 'images.out']) {
    const rows = await readLines<BatchLine>(name).catch(() => undefined);
    if (!rows) continue;
    const first = (r: BatchLine) => r.results?.[0]?.id === r.qid;
    const top1 = rows.filter(first).length;
    const top3 = rows.filter((r) => r.results?.slice(0, 3).some((x) => x.id === r.qid)).length;
    const ms = rows.flatMap((r) => (r.ocrMs === undefined ? [] : [r.ocrMs])).sort((a, b) => a - b);
    const pct = (n: number) => `${Math.round((100 * n) / rows.length)}%`;
    process.stdout.write(
      `${name}: right article first ${top1}/${rows.length} (${pct(top1)}), in the top 3 ${pct(top3)}, errors ${rows.filter((r) => r.error).length}`,
    );
    process.stdout.write(
      ms.length ? `; OCR median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms.at(-1)} ms\n` : '\n',
    );
    if (name !== 'images.out') continue;
    const by = new Map<string, [number, number]>();
    for (const r of rows) {
      const s = spec.get(r.qid);
      for (const key of [s?.style, `${(s?.scale ?? 1) * 100}%`, s?.format]) {
        const [ok, n] = by.get(String(key)) ?? [0, 0];
        by.set(String(key), [ok + (first(r) ? 1 : 0), n + 1]);
      }
    }
    process.stdout.write(`  by kind: ${[...by].map(([k, [ok, n]]) => `${k} ${ok}/${n}`).join(', ')}\n`);
  }
}

async function readLines<T>(name: string): Promise<T[]> {
  const text = await readFile(path.join(out, name), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

if (positionals[0] === 'make') await make();
else if (positionals[0] === 'score') await score();
else {
  process.stderr.write(
    'usage: ocr-eval.ts make|score [--archive DIR] [--out DIR] [--count 40] [--events 10]\n',
  );
  process.exit(2);
}
