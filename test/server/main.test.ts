import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { openStore, storeOptionsFromSettings } from '../../src/store/index.js';
import { loadSettings } from '../../src/config/settings.js';
import { EVENT_4283, eventually, getJson, postJson, tempContent } from '../helpers/http.js';
import { BOT_TOKEN, startFakeSlack } from '../slack/helpers/fake-slack.js';
import { eventBody, JSON_TYPE, postSigned, SIGNING_SECRET } from '../slack/helpers/signed.js';

const MAIN = path.join(PACKAGE_ROOT, 'src', 'server', 'main.ts');
const TSX = import.meta.resolve('tsx');

interface Run {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  exit: Promise<number | null>;
}

/** `npm start` as a process (under tsx), in a folder with no .env, with the given settings. */
function start(env: Record<string, string>, cwd: string): Run {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    try {
      lines.push(JSON.parse(l) as Record<string, unknown>);
    } catch {
      lines.push({ msg: l, notJson: true });
    }
  });
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, stderr, exit };
}

/** `kbbot <args>` from source, in `cwd`, with only the given settings. */
function runCli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', TSX, path.join(PACKAGE_ROOT, 'test', 'cli', 'run-cli.ts'), ...args],
    { cwd, env: { PATH: process.env.PATH ?? '', ...env } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

let work: string;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kbbot-main-'));
  content = await tempContent();
});

after(async () => {
  await rm(work, { recursive: true, force: true });
  await content.remove();
});

describe('npm start (src/server/main.ts)', () => {
  test('refuses to start with a bad setting, naming it', async () => {
    const run = start({ PORT: 'eighty', KB_CONTENT_DIR: content.dir }, work);
    assert.equal(await run.exit, 1);
    assert.match(run.stderr.join('\n'), /PORT: must be a port number from 0 to 65535 \(got "eighty"\)/);
  });

  test('answers /healthz at once, serves queries, logs JSON, and on SIGTERM finishes requests in flight and flushes the store', async () => {
    const dataDir = path.join(work, 'data', 'pglite');
    const run = start(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        KB_CONTENT_DIR: content.dir,
        KB_CACHE_DIR: path.join(work, 'cache'),
        KB_DATA_DIR: dataDir,
        KB_MATCH_WORKERS: '1',
      },
      work,
    );
    try {
      const listening = await eventually(
        async () => run.lines.find((l) => typeof l.port === 'number'),
        20_000,
        'the listening log line',
      );
      const url = `http://127.0.0.1:${listening.port as number}`;
      const first = await getJson(`${url}/healthz`);
      assert.ok([200, 503].includes(first.status), 'healthz answers while the corpus loads');
      const ready = await eventually(
        async () => {
          const h = await getJson(`${url}/healthz`);
          return h.status === 200 ? h : undefined;
        },
        20_000,
        'the corpus',
      );
      // Ready means the store too (Slack's event claims wait for it), not just the corpus.
      assert.equal(ready.body.store.backend, 'pglite', '/healthz said ready before the store was open');
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      const gap = 'printer spooler crashed on PRINT01 with nothing in the log';
      assert.equal((await postJson(`${url}/api/ask`, { text: gap })).body.reply.answer.answered, false);
      // `kbbot report` while the server holds the embedded database: the report comes from the server.
      const report = await runCli(
        ['report'],
        { KB_DATA_DIR: dataDir, PORT: String(listening.port), KB_CONTENT_DIR: content.dir },
        work,
      );
      assert.equal(report.code, 0, report.stderr);
      assert.ok(report.stdout.includes(gap), report.stdout);
      assert.match(report.stderr, /this report comes from it/);
      // A request in flight when SIGTERM arrives still gets its whole answer. It is held open by
      // sending its body only after the signal: the server's 100 Continue says it has the request.
      const held = heldPost(`${url}/api/ask`, { text: EVENT_4283 });
      await held.accepted;
      run.child.kill('SIGTERM');
      await eventually(
        async () => run.lines.find((l) => l.msg === 'shutting down: finishing requests in flight'),
        10_000,
        'the shutdown log line',
      );
      // While it drains, a new connection is refused: the server no longer listens.
      assert.equal(await connectionError(`${url}/healthz`), 'ECONNREFUSED');
      assert.equal(run.child.exitCode, null, 'the server waits for the request it holds');
      const r = await held.send();
      assert.equal(r.status, 200);
      assert.equal(r.body.reply.answer.article.id, 'Q811406');
      assert.equal(await run.exit, 0);
      assert.ok(
        run.lines.every((l) => !l.notJson && typeof l.level === 'string' && typeof l.time === 'string'),
        'every log line is JSON with level and time',
      );
      assert.ok(run.lines.some((l) => l.msg === 'stopped'));
      // The store was flushed before exit: the unanswered paste is there.
      const store = await openStore({
        ...storeOptionsFromSettings(settingsOf({ KB_DATA_DIR: dataDir })),
        retentionIntervalMs: 0,
        refreshIntervalMs: 0,
      });
      try {
        const gaps = await store.contentGaps();
        assert.ok(
          gaps.unanswered.some((g) => g.example === gap),
          JSON.stringify(gaps.unanswered),
        );
      } finally {
        await store.close();
      }
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  test('on SIGTERM, a Slack reply still being posted is posted before the server exits', async () => {
    const slack = await startFakeSlack();
    const run = start(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        KB_CONTENT_DIR: content.dir,
        KB_CACHE_DIR: path.join(work, 'cache'),
        KB_DATA_DIR: 'memory://',
        KB_MATCH_WORKERS: '1',
        KB_WATCH: 'false',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      work,
    );
    try {
      const listening = await eventually(
        async () => run.lines.find((l) => typeof l.port === 'number'),
        20_000,
        'the listening log line',
      );
      const url = `http://127.0.0.1:${listening.port as number}`;
      await eventually(
        async () => ((await getJson(`${url}/healthz`)).status === 200 ? true : undefined),
        20_000,
        'ready',
      );
      // Slack is acked at once; the reply is posted after. Its post is held by the fake Slack.
      const post = slack.hold('chat.postMessage');
      const event = { type: 'message', channel_type: 'im', user: 'U0BOB', channel: 'D0BOB', ts: '1.1' };
      const acked = await postSigned(
        `${url}/slack/events`,
        eventBody({ ...event, text: EVENT_4283 }),
        JSON_TYPE,
      );
      assert.equal(acked.status, 200);
      const call = await post.arrived;
      run.child.kill('SIGTERM');
      // Shutdown waits for Slack's requests in flight, and says so: the reply is one of them.
      const waiting = await eventually(
        async () => run.lines.find((l) => l.msg === 'slack: finishing requests in flight'),
        10_000,
        'shutdown waiting for Slack',
      );
      assert.equal(waiting.inFlight, 1);
      assert.equal(await post.release(), true, 'the server was still there to read the answer to its post');
      assert.equal(await run.exit, 0);
      assert.equal(call.body.channel, 'D0BOB');
      assert.ok(!run.lines.some((l) => l.msg === 'reply could not be delivered'));
      assert.ok(run.lines.some((l) => l.msg === 'stopped'));
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await slack.close();
    }
  });
});

/**
 * A POST whose body waits until `send()`: it sends `Expect: 100-continue`, and `accepted`
 * resolves when the server answers 100 Continue, i.e. has read the request and started it.
 */
function heldPost(url: string, body: unknown) {
  const bytes = Buffer.from(JSON.stringify(body));
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': bytes.length, expect: '100-continue' },
  });
  const accepted = once(req, 'continue');
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
  });
  req.flushHeaders();
  return {
    accepted,
    send() {
      req.end(bytes);
      return response;
    },
  };
}

/** The error code of a GET on a new connection (undefined when it is answered). */
function connectionError(url: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    request(url, { agent: false }, (res) => {
      res.resume();
      resolve(undefined);
    })
      .on('error', (e: NodeJS.ErrnoException) => resolve(e.code))
      .end();
  });
}

function settingsOf(env: Record<string, string>) {
  const r = loadSettings(env);
  if (!r.ok) throw new Error(r.message);
  return r.settings;
}
