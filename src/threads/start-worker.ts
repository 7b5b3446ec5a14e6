/**
 * Starting one of kbbot's worker threads, from dist/ (compiled JS, `npm start`) and from source
 * under tsx (tests, `npm run dev`) alike.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * The worker `<name>.js` beside `base` (the caller's `import.meta.url`) in dist/; under tsx,
 * `<name>.ts` through a two-line bootstrap that registers tsx in the thread first (on Node 20,
 * `--import tsx` in a worker's execArgv does not reach the worker's own entry module).
 */
export function startWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const ts = base.endsWith('.ts');
  const url = new URL(`./${name}${ts ? '.ts' : '.js'}`, base);
  if (!ts) return new Worker(url, options);
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot =
    `(async () => { const { register } = await import(${JSON.stringify(tsxApi)}); register(); ` +
    `await import(${JSON.stringify(url.href)}); })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(boot, { ...options, eval: true, execArgv: ['--import', 'tsx'] });
}
