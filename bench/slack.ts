/**
 * `npm run bench:slack`: bursts of signed slash commands against the running app on loopback,
 * as when a whole channel pastes the same error during an incident.
 *
 *   npm run bench:slack                        # 200 commands, the seed content/
 *   npm run bench:slack -- --archive           # the full KB archive (../shared/corpus, extracted once)
 *   npm run bench:slack -- --content DIR --commands 500 --data DIR --queries 0
 *
 * It starts a fake Slack on 127.0.0.1, in a process of its own (the response_urls and the Web
 * API), then the server as `npm start` runs it (its command in package.json, over a fresh
 * `npm run build`) with Slack in HTTP mode pointed at the fake, 2 match workers and a NEW data
 * folder (`--data DIR` to reuse one). From the first /healthz 200 it:
 *   - sends a burst at once (every command in flight together), and another 10 s later; for
 *     each, ack latency (command sent → HTTP 200; Slack's limit is 3 s), reply latency
 *     (→ the response_url post), and that every command was answered exactly once;
 *   - for 20 s, asks for / and /healthz in turn, one at a time, and reports the longest wait;
 *   - then sends `--queries` (default 1000) mixed /api/ask queries, 4 at a time, and reports
 *     the server's resident high-water mark (VmHWM, Linux).
 * Exit 1 when a check fails (acks not all 200, ack p99 ≥ 1 s, a command not answered once).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listeningUrl } from './lib/app.js';
import { ensureArchive } from './lib/archive.js';
import { commandBody, FORM, signature, SIGNING_SECRET } from '../test/slack/helpers/signed.js';
import { EVENT_4283 } from '../test/helpers/http.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL = path.resolve(REPO, '..', 'shared', 'corpus', 'kb-archive-txt.tar.gz');
/** Ack p99 the bench fails above on 2 cores (Slack's own limit is 3 s; the goal is 300 ms). */
const ACK_P99_LIMIT_MS = 1000;
/** How long / and /healthz are watched from readiness, and the burst after it. */
const WATCH_MS = 20_000;
const SECOND_BURST_MS = 10_000;
const REPLY_TIMEOUT_MS = 120_000;

/** The incident: most people paste the same Event Viewer entry; a few paste something else. */
const PASTES = [
  EVENT_4283,
  EVENT_4283,
  EVENT_4283,
  'Accept clients on POP3 interface failed in function HrRegisterProtocol with error 0x2741',
  'Register LDAP SSL protocol failed with error 10049. The LDAP SSL server is not available.',
  'exchnage protocls fail after servce pack 4',
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * One signed command over node:http, body and signature made beforehand, so the time measured is
 * the app's (fetch's per-request set-up in this same process would be counted otherwise).
 */
function sendCommand(url: URL, body: string): Promise<{ status: number; ms: number }> {
  const ts = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': FORM,
    'content-length': Buffer.byteLength(body),
    'x-slack-request-timestamp': ts,
    'x-slack-signature': signature(SIGNING_SECRET, ts, body),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A response_url post the fake Slack received: when, and its first block's type. */
interface Post {
  at: number;
  firstBlock: string | null;
}

/** The fake Slack, in its own process (lib/fake-slack-process.ts), seen from here. */
class RemoteSlack {
  private readonly posts = new Map<string, Post[]>();
  private readonly waiters = new Set<() => void>();
  private constructor(
    private readonly child: ChildProcess,
    readonly apiUrl: string,
    private readonly base: string,
  ) {
    child.on('message', (m: { type: string; posts?: Array<[string, number, string | null]> }) => {
      if (m.type !== 'posts') return;
      for (const [id, at, firstBlock] of m.posts!)
        this.posts.set(id, [...(this.posts.get(id) ?? []), { at, firstBlock }]);
      for (const w of this.waiters) w();
    });
  }
  static start(): Promise<RemoteSlack> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'bench', 'lib', 'fake-slack-process.ts')],
      {
        cwd: REPO,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the fake Slack exited (${code})`)));
      child.once('message', (m: { apiUrl: string; base: string }) =>
        resolve(new RemoteSlack(child, m.apiUrl, m.base)),
      );
    });
  }
  responseUrl(id: string): string {
    return this.base + id;
  }
  postsTo(id: string): Post[] {
    return this.posts.get(id) ?? [];
  }
  /** The first post to `id`, or undefined after `timeoutMs`. */
  firstPost(id: string, timeoutMs: number): Promise<Post | undefined> {
    return new Promise((resolve) => {
      const check = () => {
        const p = this.posts.get(id)?.[0];
        if (!p) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(p);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
  async close(): Promise<void> {
    const exited = new Promise((res) => this.child.once('exit', res));
    this.child.disconnect();
    await exited;
  }
}

/** A thread's time on a CPU and waiting for one (ns, Linux schedstat), or undefined elsewhere. */
interface ThreadTime {
  runNs: number;
  waitNs: number;
}

/** The server's main thread (its tid is the pid) and its whole process, from /proc. */
function threadTimes(pid: number): { main: ThreadTime; all: ThreadTime } | undefined {
  try {
    const read = (tid: string): ThreadTime => {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
      return { runNs: run, waitNs: wait };
    };
    const all = { runNs: 0, waitNs: 0 };
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const t = read(tid);
      all.runNs += t.runNs;
      all.waitNs += t.waitNs;
    }
    return { main: read(String(pid)), all };
  } catch {
    return undefined;
  }
}

/** The app's own request log lines for /slack/events: how long it took to acknowledge, measured inside the server. */
const serverAckMs: number[] = [];

const sleep = (ms: number) => new Promise((res) => setTimeout(res, Math.max(0, ms)));

/** `npm start`'s command line (package.json), so the bench runs the server as users do. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start is not a node command: ${pkg.scripts.start}`);
  return args;
}

async function startApp(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; spawnedAt: number }> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('npm run build failed');
  const flags = process.env.BENCH_APP_FLAGS?.split(' ').filter(Boolean) ?? [];
  // A flag given here replaces npm start's own (--max-semi-space-size=4 for 2, say).
  const name = (f: string) => f.split('=')[0];
  const start = startCommand().filter((a) => !flags.some((f) => name(f) === name(a)));
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...flags, ...start], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, lines } = await listeningUrl(child);
  lines.on('line', (l) => {
    if (!l.includes('"/slack/events"')) return;
    const o = JSON.parse(l) as { path?: string; ms?: number };
    if (o.path === '/slack/events' && typeof o.ms === 'number') serverAckMs.push(o.ms);
  });
  return { child, url, spawnedAt };
}

/** Polls /healthz every 25 ms until it says ready (corpus and store): the article count. */
async function waitReady(url: string): Promise<number> {
  const until = Date.now() + 15 * 60_000;
  for (;;) {
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    if (r?.status === 200) return ((await r.json()) as { corpus: { articles: number } }).corpus.articles;
    await r?.arrayBuffer();
    if (Date.now() > until) throw new Error('the server was not ready within 15 minutes');
    await sleep(25);
  }
}

/** GET / and /healthz in turn, one at a time, every 50 ms for `ms`: the longest wait. */
async function watchPages(
  url: string,
  ms: number,
): Promise<{ requests: number; maxMs: number; worst: string }> {
  const end = performance.now() + ms;
  let requests = 0;
  let maxMs = 0;
  let worst = '';
  const from = performance.now();
  for (let i = 0; performance.now() < end; i++) {
    const p = i % 2 === 0 ? '/' : '/healthz';
    const t = performance.now();
    const r = await fetch(url + p).catch(() => undefined);
    await r?.arrayBuffer();
    const took = performance.now() - t;
    requests++;
    if (took > maxMs) {
      maxMs = took;
      worst = `${p} at ${((t - from) / 1000).toFixed(1)} s`;
    }
    await sleep(50);
  }
  return { requests, maxMs, worst };
}

interface BurstResult {
  failures: string[];
}

/** Every command sent at once; acks, replies, exactly-once. */
async function burst(
  label: string,
  eventsUrl: string,
  slack: RemoteSlack,
  commands: number,
  pid: number,
): Promise<BurstResult> {
  const ids = Array.from({ length: commands }, (_, i) => `burst-${i}-${randomUUID().slice(0, 8)}`);
  serverAckMs.length = 0;
  const sentAt = new Map<string, number>();
  const started = performance.now();
  const bodies = ids.map((id, i) =>
    commandBody({
      text: PASTES[i % PASTES.length],
      response_url: slack.responseUrl(id),
      trigger_id: `trigger-${id}`,
    }),
  );
  const target = new URL(eventsUrl);
  const timesBefore = threadTimes(pid);
  const acks = await Promise.all(
    ids.map((id, i) => {
      sentAt.set(id, Date.now());
      return sendCommand(target, bodies[i]);
    }),
  );
  const timesAcked = threadTimes(pid);
  const replies = await Promise.all(ids.map((id) => slack.firstPost(id, REPLY_TIMEOUT_MS)));
  const burstMs = performance.now() - started;
  const timesAnswered = threadTimes(pid);
  await sleep(1000); // a duplicate would arrive by now

  const ackMs = acks.map((a) => a.ms).sort((a, b) => a - b);
  const replyMs = ids
    .map((id, i) => (replies[i] ? replies[i].at - sentAt.get(id)! : Infinity))
    .sort((a, b) => a - b);
  const perId = ids.map((id) => slack.postsTo(id).length);
  const notOk = acks.filter((a) => a.status !== 200).length;
  const missing = perId.filter((n) => n === 0).length;
  const duplicated = perId.filter((n) => n > 1).length;
  const carded = ids.filter((_, i) => replies[i]?.firstBlock === 'header').length;

  console.log(`\nburst ${label}`);
  row('acks (HTTP 200)', `${commands - notOk}/${commands}`);
  row(
    'ack p50 / p99 / max',
    `${pct(ackMs, 50).toFixed(1)} / ${pct(ackMs, 99).toFixed(1)} / ${ackMs.at(-1)!.toFixed(1)} ms`,
  );
  const inServer = serverAckMs.slice(0, commands).sort((a, b) => a - b);
  if (inServer.length)
    row(
      '  of which in the server',
      `${pct(inServer, 50).toFixed(1)} / ${pct(inServer, 99).toFixed(1)} / ${inServer.at(-1)!.toFixed(1)} ms (its request log)`,
    );
  row(
    'reply p50 / p99 / max',
    `${pct(replyMs, 50).toFixed(0)} / ${pct(replyMs, 99).toFixed(0)} / ${replyMs.at(-1)!.toFixed(0)} ms`,
  );
  row(
    'answered exactly once',
    `${perId.filter((n) => n === 1).length}/${commands} (missing ${missing}, duplicated ${duplicated})`,
  );
  row('answers with a card', `${carded}/${commands}`);
  row('whole burst', `${burstMs.toFixed(0)} ms`);
  if (timesBefore && timesAcked && timesAnswered) {
    // Where the time went on a shared machine: running, or ready to run and waiting for a core.
    const ms = (a: ThreadTime, b: ThreadTime) =>
      `${((b.runNs - a.runNs) / 1e6).toFixed(0)} ms on a CPU, ${((b.waitNs - a.waitNs) / 1e6).toFixed(0)} ms waiting for one`;
    row('  server main thread, until acked', ms(timesBefore.main, timesAcked.main));
    row('  server main thread, whole burst', ms(timesBefore.main, timesAnswered.main));
    row('  server all threads, whole burst', ms(timesBefore.all, timesAnswered.all));
  }
  const mem = residentMb(pid);
  if (mem) row('server memory after the burst', `VmHWM ${mem.hwm} MB, VmRSS ${mem.rss} MB`);

  const failures: string[] = [];
  if (notOk) failures.push(`${label}: ${notOk} commands were not acknowledged with 200`);
  if (pct(ackMs, 99) >= ACK_P99_LIMIT_MS)
    failures.push(`${label}: ack p99 ${pct(ackMs, 99).toFixed(0)} ms is not under ${ACK_P99_LIMIT_MS} ms`);
  if (missing || duplicated)
    failures.push(`${label}: ${missing} commands unanswered, ${duplicated} answered more than once`);
  return { failures };
}

function row(k: string, v: string): void {
  console.log(`${k.padEnd(34)} ${v}`);
}

/** Mixed queries: the incident's pastes, and a line from articles spread over the corpus. */
function mixedQueries(contentDir: string, n: number): string[] {
  const files = readdirSync(contentDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0 || files.length === 0) {
      out.push(PASTES[i % PASTES.length]);
      continue;
    }
    const lines = readFileSync(files[(i * 7919) % files.length], 'latin1')
      .split(/\r?\n/)
      .filter((l) => l.trim().length > 30);
    out.push(lines.length ? lines[i % lines.length].trim().slice(0, 300) : 'error 0x80070005');
  }
  return out;
}

/** The server's resident memory (VmHWM, VmRSS in MB) from /proc, or undefined off Linux. */
function residentMb(pid: number): { hwm: number; rss: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { hwm: Math.round(kb('VmHWM') / 1024), rss: Math.round(kb('VmRSS') / 1024) };
  } catch {
    return undefined;
  }
}

async function askAll(url: string, queries: string[], concurrency: number): Promise<void> {
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < queries.length) {
      const text = queries[next++];
      const r = await fetch(`${url}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      await r.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
}

async function main(): Promise<void> {
  const commands = Number(arg('--commands') ?? 200);
  const queries = Number(arg('--queries') ?? 1000);
  let contentDir = arg('--content') ?? path.join(REPO, 'content');
  if (process.argv.includes('--archive')) {
    contentDir = process.env.KBBOT_ARCHIVE_DIR ?? path.join(os.tmpdir(), 'kbbot-archive');
    ensureArchive(TARBALL, contentDir, (m) => process.stderr.write(`${m}\n`));
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'kbbot-bench-slack-'));
  const dataDir = arg('--data') ?? path.join(work, 'pglite');
  const slack = await RemoteSlack.start();
  const app = await startApp({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info', // as in production: one request line per command
    KB_CONTENT_DIR: contentDir,
    KB_CACHE_DIR: process.env.KB_CACHE_DIR ?? path.join(os.tmpdir(), 'kbbot-bench-cache'),
    KB_WATCH: 'false',
    KB_DATA_DIR: dataDir,
    KB_MATCH_WORKERS: '2',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: slack.apiUrl,
    SLACK_COMMAND: '/kb',
  }).catch(async (e: unknown) => {
    await slack.close();
    throw e;
  });
  // The app is ours: stopped however this run ends.
  process.once('SIGINT', () => app.child.kill('SIGKILL'));
  try {
    const articles = await waitReady(app.url);
    const readyAt = performance.now();
    const eventsUrl = `${app.url}/slack/events`;
    console.log(
      `corpus: ${articles.toLocaleString('en')} articles (${contentDir}); ${os.cpus().length} cores; ${commands} commands in flight`,
    );
    console.log(
      `data folder: ${arg('--data') ? 'existing' : 'new'} (${dataDir}); /healthz ready ${((readyAt - app.spawnedAt) / 1000).toFixed(1)} s after the server started`,
    );
    const watching = watchPages(app.url, WATCH_MS);
    const failures: string[] = [];
    failures.push(...(await burst('at readiness', eventsUrl, slack, commands, app.child.pid!)).failures);
    await sleep(readyAt + SECOND_BURST_MS - performance.now());
    failures.push(
      ...(
        await burst(`${SECOND_BURST_MS / 1000} s after readiness`, eventsUrl, slack, commands, app.child.pid!)
      ).failures,
    );
    const pages = await watching;
    console.log();
    row(
      `/ and /healthz, ${WATCH_MS / 1000} s from ready`,
      `longest wait ${pages.maxMs.toFixed(0)} ms (${pages.worst}) of ${pages.requests} requests, bursts included`,
    );
    if (queries > 0) {
      const started = performance.now();
      await askAll(app.url, mixedQueries(contentDir, queries), 4);
      const mem = residentMb(app.child.pid!);
      row(
        `memory after ${queries} mixed queries`,
        mem
          ? `VmHWM ${mem.hwm} MB, VmRSS ${mem.rss} MB (2 match workers; ${((performance.now() - started) / 1000).toFixed(0)} s)`
          : 'not measured (no /proc)',
      );
    }
    if (failures.length) {
      console.log(`FAIL: ${failures.join('; ')}`);
      process.exitCode = 1;
    } else console.log('OK: every command acknowledged and answered exactly once');
  } finally {
    app.child.kill('SIGTERM');
    await new Promise((res) => app.child.once('exit', res));
    await slack.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
