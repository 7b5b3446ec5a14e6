/**
 * `npm run bench:slack`: a burst of signed slash commands against the running app on loopback,
 * as when a whole channel pastes the same error during an incident.
 *
 *   npm run bench:slack                        # 200 commands, the seed content/
 *   npm run bench:slack -- --archive           # the full KB archive (../shared/corpus, extracted once)
 *   npm run bench:slack -- --content DIR --commands 500
 *
 * It starts a fake Slack on 127.0.0.1 (the response_urls and the Web API), then `npm start`'s
 * entry point (src/server/main.ts) as its own process with Slack in HTTP mode pointed at the
 * fake, waits for /healthz, sends every command at once, and reports ack latency (command sent
 * → HTTP 200; Slack's limit is 3 s) and reply latency (→ the response_url post), then checks
 * that every command was answered exactly once. Exit 1 when a check fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureArchive } from './lib/archive.js';
import { startFakeSlack } from '../test/slack/helpers/fake-slack.js';
import { commandBody, FORM, postSigned, signature, SIGNING_SECRET } from '../test/slack/helpers/signed.js';
import { EVENT_4283 } from '../test/helpers/http.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL = path.resolve(REPO, '..', 'shared', 'corpus', 'kb-archive-txt.tar.gz');
/** Ack p99 the issue asks for on 2 cores (Slack's own limit is 3 s). */
const ACK_P99_LIMIT_MS = 1000;
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
  const headers = { 'content-type': FORM, 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': ts, 'x-slack-signature': signature(SIGNING_SECRET, ts, body) };
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

/** The app's own request log lines for /slack/events: how long it took to acknowledge, measured inside the server. */
const serverAckMs: number[] = [];
const serverAckAt: number[] = [];

async function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...(process.env.BENCH_APP_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', path.join(REPO, 'src', 'server', 'main.ts')], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the app did not start listening within 60 s'));
    }, 60_000);
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening`)));
    lines.on('line', (l) => {
      try {
        const o = JSON.parse(l) as { port?: number; msg?: string };
        if (o.port && /listening/.test(o.msg ?? '')) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${o.port}`);
        }
      } catch {
        /* not a log line */
      }
    });
  });
  lines.on('line', (l) => {
    if (!l.includes('"/slack/events"')) return;
    const o = JSON.parse(l) as { msg?: string; path?: string; ms?: number; time?: number | string };
    if (o.path === '/slack/events' && typeof o.ms === 'number') {
      serverAckMs.push(o.ms);
      serverAckAt.push(typeof o.time === "string" ? Date.parse(o.time) : (o.time ?? 0));
    }
  });
  return { child, url };
}

async function waitHealthy(url: string): Promise<number> {
  const until = Date.now() + 15 * 60_000;
  for (;;) {
    const r = await fetch(`${url}/healthz`).catch(() => undefined);
    if (r?.status === 200) {
      const h = (await r.json()) as { corpus: { articles: number }; store?: { backend: string } };
      // The embedded database opens after the corpus and blocks the event loop while it does: wait for it too.
      if (h.store?.backend !== 'memory') return h.corpus.articles;
    } else await r?.arrayBuffer();
    if (Date.now() > until) throw new Error('the corpus did not load');
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function main(): Promise<void> {
  const commands = Number(arg('--commands') ?? 200);
  let contentDir = arg('--content') ?? path.join(REPO, 'content');
  if (process.argv.includes('--archive')) {
    contentDir = process.env.KBBOT_ARCHIVE_DIR ?? path.join(os.tmpdir(), 'kbbot-archive');
    ensureArchive(TARBALL, contentDir, (m) => process.stderr.write(m + '\n'));
  }
  const slack = await startFakeSlack();
  const app = await startApp({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info', // as in production: one request line per command
    KB_CONTENT_DIR: contentDir,
    KB_CACHE_DIR: path.join(os.tmpdir(), 'kbbot-bench-cache'),
    KB_WATCH: 'false',
    KB_DATA_DIR: 'memory://',
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
    const articles = await waitHealthy(app.url);
    const eventsUrl = `${app.url}/slack/events`;
    console.log(`corpus: ${articles.toLocaleString('en')} articles (${contentDir}); ${os.cpus().length} cores; ${commands} commands in flight`);

    // Warm up: the workers' first queries, Bolt's auth.test.
    const warm = Array.from({ length: 4 }, (_, i) => `warm-${i}`);
    await Promise.all(warm.map((id, i) => postSigned(eventsUrl, commandBody({ text: PASTES[i % PASTES.length], response_url: slack.responseUrl(id) }), FORM)));
    await Promise.all(warm.map((id) => slack.waitForResponse(id, 1, 60_000)));

    const ids = Array.from({ length: commands }, (_, i) => `burst-${i}-${randomUUID().slice(0, 8)}`);
    serverAckMs.length = 0;
    serverAckAt.length = 0;
    const burstStartEpoch = Date.now();
    const sentAt = new Map<string, number>();
    const started = performance.now();
    const bodies = ids.map((id, i) => commandBody({ text: PASTES[i % PASTES.length], response_url: slack.responseUrl(id), trigger_id: `trigger-${id}` }));
    const target = new URL(eventsUrl);
    const acks = await Promise.all(
      ids.map((id, i) => {
        sentAt.set(id, Date.now());
        return sendCommand(target, bodies[i]);
      }),
    );
    const replies = await Promise.all(ids.map((id) => slack.waitForResponse(id, 1, REPLY_TIMEOUT_MS).catch(() => [])));
    const burstMs = performance.now() - started;
    await new Promise((res) => setTimeout(res, 1000)); // a duplicate would arrive by now

    const ackMs = acks.map((a) => a.ms).sort((a, b) => a - b);
    const replyMs = ids.map((id, i) => (replies[i][0] ? replies[i][0].at - sentAt.get(id)! : Infinity)).sort((a, b) => a - b);
    const perId = ids.map((id) => slack.ok('response_url').filter((c) => c.responseId === id).length);
    const notOk = acks.filter((a) => a.status !== 200).length;
    const missing = perId.filter((n) => n === 0).length;
    const duplicated = perId.filter((n) => n > 1).length;
    const carded = ids.filter((_, i) => replies[i][0]?.body.blocks?.[0]?.type === 'header').length;

    const row = (k: string, v: string) => console.log(`${k.padEnd(28)} ${v}`);
    row('acks (HTTP 200)', `${commands - notOk}/${commands}`);
    row('ack p50 / p99 / max', `${ackMs[Math.floor(commands / 2)].toFixed(1)} / ${pct(ackMs, 99).toFixed(1)} / ${ackMs.at(-1)!.toFixed(1)} ms`);
    const inServer = serverAckMs.slice(0, commands).sort((a, b) => a - b);
    if (inServer.length) row('  of which in the server', `${pct(inServer, 50).toFixed(1)} / ${pct(inServer, 99).toFixed(1)} / ${inServer.at(-1)!.toFixed(1)} ms (its request log)`);
    if (process.env.BENCH_DEBUG) {
      const at = serverAckAt.map((t) => t - burstStartEpoch).sort((a, b) => a - b);
      row('  server finished acks at', `${pct(at, 1)} … ${pct(at, 50)} … ${pct(at, 100)} ms after the burst began`);
    }
    row('reply p50 / p99 / max', `${pct(replyMs, 50).toFixed(0)} / ${pct(replyMs, 99).toFixed(0)} / ${replyMs.at(-1)!.toFixed(0)} ms`);
    row('answered exactly once', `${perId.filter((n) => n === 1).length}/${commands} (missing ${missing}, duplicated ${duplicated})`);
    row('answers with a card', `${carded}/${commands}`);
    row('whole burst', `${burstMs.toFixed(0)} ms`);

    const failures: string[] = [];
    if (notOk) failures.push(`${notOk} commands were not acknowledged with 200`);
    if (pct(ackMs, 99) >= ACK_P99_LIMIT_MS) failures.push(`ack p99 ${pct(ackMs, 99).toFixed(0)} ms is not under ${ACK_P99_LIMIT_MS} ms`);
    if (missing || duplicated) failures.push(`${missing} commands unanswered, ${duplicated} answered more than once`);
    if (failures.length) {
      console.log(`FAIL: ${failures.join('; ')}`);
      process.exitCode = 1;
    } else console.log('OK: every command acknowledged and answered exactly once');
  } finally {
    app.child.kill('SIGTERM');
    await new Promise((res) => app.child.once('exit', res));
    await slack.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
