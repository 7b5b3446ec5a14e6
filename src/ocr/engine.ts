/**
 * Tesseract (tesseract.js: Tesseract compiled to WebAssembly, run in worker threads) with the
 * English LSTM model from the npm package @tesseract.js-data/eng, read from node_modules: nothing
 * is fetched or cached at run time (langPath is a folder, cacheMethod 'none').
 *
 * At most `jobs` images are read at once, each in its own worker thread, so the event loop never
 * waits on recognition; `queue` more may wait; past that an image is refused at once. Threads
 * start on the first image (an idle kbbot holds no OCR memory) and stay for the next.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { createWorker, OEM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);

/** The folder holding eng.traineddata.gz: the integer "best" LSTM model (3 MB, what OEM.LSTM_ONLY reads). */
export function englishModelDir(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface Recognized {
  text: string;
  confidence: number;
}

export class BusyError extends Error {}
export class TimeoutError extends Error {}

interface Waiter {
  resolve: (w: Worker) => void;
  reject: (e: unknown) => void;
}

export class OcrEngine {
  private idle: Worker[] = [];
  private started = 0;
  private waiting: Waiter[] = [];
  private closed = false;

  constructor(private readonly opts: { jobs: number; queue: number; timeoutMs: number }) {}

  /** Text and mean confidence of a prepared (grey, scaled) image. */
  async recognize(png: Buffer): Promise<Recognized> {
    const worker = await this.acquire();
    let timer: NodeJS.Timeout | undefined;
    let healthy = true;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError('OCR took too long')), this.opts.timeoutMs);
      });
      const { data } = await Promise.race([worker.recognize(png), timeout]);
      return { text: data.text, confidence: data.confidence };
    } catch (e) {
      healthy = false;
      throw e;
    } finally {
      clearTimeout(timer);
      if (healthy) this.release(worker);
      else this.replace(worker);
    }
  }

  /** Threads running now (for the bench and tests). */
  get threads(): number {
    return this.started;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('OCR is closed'));
    const idle = this.idle.splice(0);
    this.started -= idle.length;
    await Promise.all(idle.map((w) => w.terminate().catch(() => undefined)));
  }

  private async acquire(): Promise<Worker> {
    if (this.closed) throw new Error('OCR is closed');
    const free = this.idle.pop();
    if (free) return free;
    if (this.started < this.opts.jobs) {
      this.started++;
      try {
        return await startWorker();
      } catch (e) {
        this.started--;
        throw e;
      }
    }
    if (this.waiting.length >= this.opts.queue) throw new BusyError('OCR queue full');
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(worker: Worker): void {
    if (this.closed) {
      this.started--;
      void worker.terminate().catch(() => undefined);
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(worker);
    else this.idle.push(worker);
  }

  /** A thread that failed or overran is ended and a fresh one takes its place for whoever waits. */
  private replace(worker: Worker): void {
    this.started--;
    void worker.terminate().catch(() => undefined);
    const next = this.waiting.shift();
    if (!next || this.closed) return;
    this.started++;
    startWorker().then(next.resolve, (e: unknown) => {
      this.started--;
      next.reject(e);
    });
  }
}

async function startWorker(): Promise<Worker> {
  const worker = await createWorker('eng', OEM.LSTM_ONLY, {
    langPath: englishModelDir(),
    gzip: true,
    cacheMethod: 'none',
    errorHandler: () => undefined,
  });
  // One small read when a thread starts, so the first real image does not pay the warm-up.
  const blank = await sharp({ create: { width: 64, height: 32, channels: 3, background: '#ffffff' } })
    .png()
    .withMetadata({ density: 300 })
    .toBuffer();
  await worker.recognize(blank);
  return worker;
}
