/**
 * Starting one of kbbot's worker threads (or a helper process), from dist/ (`npm start`) and
 * from source under tsx (tests, `npm run dev`) alike.
 */
import { stat } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The worker `<name>.js` beside `base` (the caller's `import.meta.url`) in dist/; under tsx,
 * `<name>.ts` through a two-line bootstrap that registers tsx in the thread first (on Node 20,
 * `--import tsx` in a worker's execArgv does not reach the worker's own entry module).
 */
export function startWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  startThreadPoolHere();
  const ts = base.endsWith('.ts');
  const url = new URL(`./${name}${ts ? '.ts' : '.js'}`, base);
  if (!ts) return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot =
    `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); ` +
    `await import(${JSON.stringify(url.href)}); })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(boot, { ...options, eval: true, execArgv: ['--import', 'tsx'] });
}

let threadPoolStarted = false;

/**
 * libuv's thread pool (file reads, DNS lookups) starts on its first use, and on Linux its threads
 * take the priority of the thread that starts them. Worker threads lower theirs
 * (threads/priority.ts), so the main thread starts the pool before any of them can.
 */
function startThreadPoolHere(): void {
  if (threadPoolStarted) return;
  threadPoolStarted = true;
  stat(process.execPath, () => undefined);
}

/**
 * The command line that runs the script `<name>.js` beside `base` in its own Node process
 * (`<name>.ts` with tsx under tsx), for work whose memory must leave with it.
 */
export function nodeScriptArgs(base: string, name: string): string[] {
  const ts = base.endsWith('.ts');
  const file = fileURLToPath(new URL(`./${name}${ts ? '.ts' : '.js'}`, base));
  // tsx by its resolved URL: the process may run in any folder.
  return ts ? ['--import', import.meta.resolve('tsx'), file] : [file];
}
