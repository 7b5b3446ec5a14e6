/**
 * A fake Slack on 127.0.0.1 for the Slack tests and the bench: the Web API (`/api/<method>`,
 * form-encoded or JSON, as the Web API client sends them) and response_url endpoints
 * (`/response/<id>`). Every call is recorded; a call can be made to fail first (429 with
 * Retry-After, 500) to test the retries.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  /** Web API method (`chat.postMessage`) or `response_url`. */
  method: string;
  /** For response_url: the id in its path. */
  responseId?: string;
  body: Record<string, any>;
  /** 200 when it was answered ok, else the failure the fake was told to give. */
  status: number;
  at: number;
}

export interface FakeSlack {
  /** Web API base URL, ending in `/`. */
  apiUrl: string;
  /** A fresh response_url. */
  responseUrl(id: string): string;
  calls: SlackCall[];
  /** The successful calls of a method. */
  ok(method: string): SlackCall[];
  /** The next `times` calls of `method` fail with `status` (and Retry-After for a 429). */
  failNext(method: string, status: number, opts?: { times?: number; retryAfterSeconds?: number }): void;
  /** Web API methods answer `{ok:false, error}` from now on (e.g. not_in_channel). */
  platformError(method: string, error: string): void;
  /**
   * The next call of `method` is recorded (and `arrived` resolves) but not answered until
   * `release()`, which resolves true once the answer was sent whole, false when the caller hung up first.
   */
  hold(method: string): { arrived: Promise<SlackCall>; release(): Promise<boolean> };
  /**
   * Serves a file at its url_private (as files.slack.com does: the bot token in Authorization,
   * else Slack's sign-in page as text/html) and from files.info; returns the event's file object.
   */
  addFile(file: { id: string; name: string; mimetype: string; bytes: Buffer }): Record<string, string>;
  /** Resolves when `n` successful calls of `method` have been recorded (or rejects after timeoutMs). */
  waitFor(method: string, n?: number, timeoutMs?: number): Promise<SlackCall[]>;
  /** Resolves with the successful chat.postMessage calls whose body matches, once there is one. */
  waitForPost(match: (body: Record<string, any>) => boolean, timeoutMs?: number): Promise<SlackCall[]>;
  /** Resolves with the successful posts to the response_url `id` once there are `n`. */
  waitForResponse(id: string, n?: number, timeoutMs?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

export const BOT_USER_ID = 'UKBBOT';
/** The bot token the Slack test server is configured with; the fake's file host wants it. */
export const BOT_TOKEN = 'xoxb-test-token';
export const BOT_ID = 'BKBBOT';

function parseBody(req: IncomingMessage, raw: string): Record<string, any> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (type === 'application/json') return raw ? (JSON.parse(raw) as Record<string, any>) : {};
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends blocks and views as JSON strings.
    out[k] = /^(blocks|view|attachments)$/.test(k) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures = new Map<string, Array<{ status: number; retryAfterSeconds?: number }>>();
  const platformErrors = new Map<string, string>();
  const waiters = new Set<() => void>();
  let ts = 1_700_000_000;
  const files = new Map<string, { file: Record<string, string>; bytes: Buffer }>();
  const holds = new Map<
    string,
    { arrived(c: SlackCall): void; released: Promise<void>; settle(p: Promise<boolean>): void }
  >();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      const download = /^\/files-pri\/T1-(\w+)\//.exec(url);
      if (download) {
        const held = files.get(download[1]);
        const authorized = req.headers.authorization === `Bearer ${BOT_TOKEN}`;
        calls.push({
          method: 'file',
          body: { id: download[1], authorized },
          status: held && authorized ? 200 : 404,
          at: Date.now(),
        });
        for (const w of waiters) w();
        if (!held) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        else if (!authorized)
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to Slack</html>');
        else
          res
            .writeHead(200, { 'content-type': held.file.mimetype, 'content-length': held.bytes.length })
            .end(held.bytes);
        return;
      }
      const api = /^\/api\/([\w.]+)/.exec(url);
      const resp = /^\/response\/([\w.-]+)/.exec(url);
      const method = api ? api[1] : resp ? 'response_url' : 'unknown';
      let body: Record<string, any> = {};
      try {
        body = parseBody(req, Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = { unparsable: true };
      }
      const failing = failures.get(method)?.shift();
      const call: SlackCall = {
        method,
        responseId: resp?.[1],
        body,
        status: failing?.status ?? 200,
        at: Date.now(),
      };
      calls.push(call);
      for (const w of waiters) w();
      const hold = holds.get(method);
      if (hold) {
        holds.delete(method);
        hold.arrived(call);
        const closed = new Promise<boolean>((r) => res.on('close', () => r(res.writableFinished)));
        void hold.released.then(() => {
          if (!res.destroyed) answer();
          hold.settle(closed);
        });
        return;
      }
      answer();

      function answer() {
        if (failing) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (failing.retryAfterSeconds !== undefined)
            headers['retry-after'] = String(failing.retryAfterSeconds);
          res
            .writeHead(failing.status, headers)
            .end(
              JSON.stringify({ ok: false, error: failing.status === 429 ? 'ratelimited' : 'internal_error' }),
            );
          return;
        }
        if (method === 'response_url') {
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
          return;
        }
        const error = platformErrors.get(method);
        let reply: Record<string, unknown> = error ? { ok: false, error } : { ok: true };
        if (!error && method === 'auth.test')
          reply = {
            ok: true,
            user_id: BOT_USER_ID,
            bot_id: BOT_ID,
            team_id: 'T1',
            user: 'kbbot',
            team: 'Test',
          };
        if (!error && method === 'files.info')
          reply = files.has(body.file)
            ? { ok: true, file: files.get(body.file)!.file }
            : { ok: false, error: 'file_not_found' };
        if (!error && method === 'chat.postMessage')
          reply = { ok: true, channel: body.channel, ts: `${++ts}.000100` };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ok = (method: string) => calls.filter((c) => c.method === method && c.status === 200);
  return {
    apiUrl: `${base}/api/`,
    responseUrl: (id) => `${base}/response/${id}`,
    calls,
    ok,
    addFile({ id, name, mimetype, bytes }) {
      const url = `${base}/files-pri/T1-${id}/${encodeURIComponent(name)}`;
      const file = {
        id,
        name,
        mimetype,
        filetype: name.split('.').pop() ?? '',
        url_private: url,
        url_private_download: `${url}?download=1`,
      };
      files.set(id, { file, bytes });
      return file;
    },
    failNext(method, status, opts = {}) {
      const list = failures.get(method) ?? [];
      for (let i = 0; i < (opts.times ?? 1); i++)
        list.push({ status, retryAfterSeconds: opts.retryAfterSeconds });
      failures.set(method, list);
    },
    platformError(method, error) {
      platformErrors.set(method, error);
    },
    hold(method) {
      let arrived!: (c: SlackCall) => void;
      let release!: () => void;
      let settle!: (p: Promise<boolean>) => void;
      const answered = new Promise<Promise<boolean>>((r) => (settle = r));
      holds.set(method, {
        arrived: (c) => arrived(c),
        released: new Promise<void>((r) => (release = r)),
        settle,
      });
      return {
        arrived: new Promise<SlackCall>((r) => (arrived = r)),
        release: async () => {
          release();
          return answered.then((p) => p);
        },
      };
    },
    waitFor(method, n = 1, timeoutMs = 10_000) {
      return waitUntil(() => ok(method), `${method}`, n, timeoutMs);
    },
    waitForPost(match, timeoutMs = 10_000) {
      return waitUntil(
        () => ok('chat.postMessage').filter((c) => match(c.body)),
        'a matching chat.postMessage',
        1,
        timeoutMs,
      );
    },
    waitForResponse(id, n = 1, timeoutMs = 10_000) {
      return waitUntil(
        () => ok('response_url').filter((c) => c.responseId === id),
        `response_url ${id}`,
        n,
        timeoutMs,
      );
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };

  function waitUntil(
    select: () => SlackCall[],
    what: string,
    n: number,
    timeoutMs: number,
  ): Promise<SlackCall[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const got = select();
        if (got.length < n) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(got);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${n} × ${what} (got ${select().length}; all calls: ${calls.map((c) => c.method).join(', ')})`,
          ),
        );
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }
}
