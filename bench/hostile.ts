/**
 * `npm run bench:hostile`: the black-box check of issue 13. Starts `npm start`'s entry point
 * (src/server/main.ts) on 127.0.0.1 with the seed content (or `--content DIR`), then sends six
 * hostile pastes to POST /api/ask at once while /healthz is polled every 100 ms. Each paste must
 * be answered (any status) within 3 s and every /healthz within 500 ms. Exit 1 when one is not.
 *
 *   npm run bench:hostile
 *   npm run bench:hostile -- --content ../archive/txt
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listeningUrl } from './lib/app.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ANSWER_LIMIT_MS = 3000;
const HEALTH_LIMIT_MS = 500;

/** The six shapes of the findings, each as large as a request may be. */
const PASTES: Record<string, string> = {
  'unclosed Slack mentions (200 KB)': '<@A|'.repeat(50_000),
  '"error" + a long run of spaces': `error${' '.repeat(200_000)}x`,
  'a newline flood': `event 4283\n${'\n'.repeat(100_000)}x`,
  'repeated unclosed links': '<http:a|'.repeat(25_000),
  'dotted labels': 'a.'.repeat(100_000),
  '1 MB of words (over the body limit)': 'the quick brown fox jumps over the lazy dog '.repeat(24_000),
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'src', 'server', 'main.ts')], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url } = await listeningUrl(child);
  return { child, url };
}

async function waitReady(url: string): Promise<void> {
  const until = Date.now() + 15 * 60_000;
  for (;;) {
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    await r?.arrayBuffer();
    if (r?.status === 200) return;
    if (Date.now() > until) throw new Error('the corpus did not load');
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function timed(f: () => Promise<Response>): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  const r = await f();
  await r.arrayBuffer();
  return { status: r.status, ms: performance.now() - t };
}

async function main(): Promise<void> {
  const data = await mkdtemp(path.join(os.tmpdir(), 'kbbot-hostile-'));
  const content = arg('--content') ?? path.join(REPO, 'content');
  const { child, url } = await startApp({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    KB_CONTENT_DIR: content,
    KB_DATA_DIR: 'memory://',
    KB_CACHE_DIR: path.join(data, 'cache'),
    KB_WATCH: 'false',
  });
  let failed = false;
  try {
    await waitReady(url);
    const health: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        health.push((await timed(() => fetch(`${url}/healthz`))).ms);
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    const results = await Promise.all(
      Object.entries(PASTES).map(async ([name, text]) => {
        const r = await timed(() =>
          fetch(`${url}/api/ask`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text }),
          }),
        );
        return { name, ...r };
      }),
    );
    polling = false;
    await poller;
    for (const r of results) {
      const ok = r.ms <= ANSWER_LIMIT_MS;
      failed ||= !ok;
      console.log(
        `${ok ? 'ok  ' : 'FAIL'} ${r.name}: HTTP ${r.status} in ${Math.round(r.ms)} ms (limit ${ANSWER_LIMIT_MS})`,
      );
    }
    const worst = Math.max(...health);
    failed ||= worst > HEALTH_LIMIT_MS;
    console.log(
      `${worst <= HEALTH_LIMIT_MS ? 'ok  ' : 'FAIL'} /healthz: ${health.length} polls, slowest ${Math.round(worst)} ms (limit ${HEALTH_LIMIT_MS})`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => child.once('exit', res));
    await rm(data, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
