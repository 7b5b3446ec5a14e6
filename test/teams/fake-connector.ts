/**
 * Test fixtures for the Teams adapter: a fake Bot Connector on 127.0.0.1 that records what the
 * bot sends (new messages, replies, card updates), activities to POST at the bot, and a guard
 * that refuses and records any connection to an address off this machine.
 */
import { createServer, type Server } from 'node:http';
import dns from 'node:dns';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { AdaptiveCard, CardAction, CardElement } from '../../src/render/adaptive-card.js';

export interface SentActivity {
  type: string;
  id?: string;
  text?: string;
  replyToId?: string;
  attachments?: Array<{ contentType: string; content: AdaptiveCard }>;
}

/** One request the bot made to the connector. */
export interface ConnectorCall {
  method: string;
  /** The path, percent-decoded: /v3/conversations/<conversation id>/activities/<activity id>. */
  path: string;
  activity: SentActivity;
  /** Size of the request body in bytes (Teams refuses a message much over 28 KB). */
  bytes: number;
  /** The id the connector gave the activity (new messages and replies). */
  assignedId: string;
}

export interface FakeConnector {
  url: string;
  calls: ConnectorCall[];
  /** Calls that went to one conversation. */
  to(conversationId: string): ConnectorCall[];
  /** Answer requests to paths containing this text with that status instead of 200. */
  fail(pathPart: string, status: number): void;
  /**
   * Serves an attachment at /v3/attachments/<id>/views/original (as the Bot Connector does for an
   * image pasted in Teams): only with `Authorization: Bearer <token>`, else 401. Returns its URL.
   */
  addAttachment(id: string, bytes: Buffer, contentType: string, token: string): string;
  /** The Authorization header of each attachment download, in order. */
  downloads: Array<{ id: string; authorization?: string }>;
  close(): Promise<void>;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const failures = new Map<string, number>();
  const attachments = new Map<string, { bytes: Buffer; contentType: string; token: string }>();
  const downloads: FakeConnector['downloads'] = [];
  const server: Server = createServer((req, res) => {
    const attachment = /^\/v3\/attachments\/([\w-]+)\/views\/original$/.exec(req.url ?? '');
    if (attachment && req.method === 'GET') {
      const held = attachments.get(attachment[1]);
      downloads.push({ id: attachment[1], authorization: req.headers.authorization });
      if (!held) res.writeHead(404).end();
      else if (req.headers.authorization !== `Bearer ${held.token}`)
        res
          .writeHead(401, { 'content-type': 'application/json' })
          .end('{"message":"Authorization has been denied for this request."}');
      else
        res
          .writeHead(200, { 'content-type': held.contentType, 'content-length': held.bytes.length })
          .end(held.bytes);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = decodeURIComponent(req.url ?? '');
      const failure = [...failures].find(([part]) => path.includes(part));
      if (failure) {
        res
          .writeHead(failure[1], { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'BadArgument', message: 'refused by the test' } }));
        return;
      }
      const assignedId = `sent-${calls.length + 1}`;
      calls.push({
        method: req.method ?? '',
        path,
        activity: JSON.parse(body.toString('utf8') || '{}') as SentActivity,
        bytes: body.length,
        assignedId,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: assignedId }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    to: (conversationId) => calls.filter((c) => c.path.startsWith(`/v3/conversations/${conversationId}/`)),
    fail: (pathPart, status) => void failures.set(pathPart, status),
    addAttachment(id, bytes, contentType, token) {
      attachments.set(id, { bytes, contentType, token });
      return `${url}/v3/attachments/${id}/views/original`;
    },
    downloads,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

let counter = 0;

/** A message activity from the Emulator or Teams, replying to `serviceUrl`; `fields` override. */
export function activity(
  serviceUrl: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> & { id: string; conversation: { id: string } } {
  counter++;
  return {
    type: 'message',
    id: `activity-${counter}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:user-1', name: 'Ops Engineer', aadObjectId: 'aad-user-1' },
    recipient: { id: '28:kbbot', name: 'kbbot' },
    conversation: { id: `a:conversation-${counter}`, conversationType: 'personal' },
    timestamp: new Date().toISOString(),
    ...fields,
  } as Record<string, unknown> & { id: string; conversation: { id: string } };
}

/** The Adaptive Card of a sent activity. */
export function cardOf(call: ConnectorCall | undefined): AdaptiveCard {
  const att = call?.activity.attachments?.[0];
  if (att?.contentType !== 'application/vnd.microsoft.card.adaptive')
    throw new Error(`no Adaptive Card in ${JSON.stringify(call?.activity).slice(0, 300)}`);
  return att.content;
}

/** Every text of a card, in order. */
export function cardTexts(elements: CardElement[]): string[] {
  return elements.flatMap((e) =>
    e.type === 'TextBlock'
      ? [e.text]
      : e.type === 'Container'
        ? cardTexts(e.items)
        : e.type === 'FactSet'
          ? e.facts.map((f) => `${f.title}: ${f.value}`)
          : [],
  );
}

/** Every button of a card: in the body (choices) and at the bottom. */
export function cardActions(card: AdaptiveCard): CardAction[] {
  const inBody = (els: CardElement[]): CardAction[] =>
    els.flatMap((e) => (e.type === 'ActionSet' ? e.actions : e.type === 'Container' ? inBody(e.items) : []));
  return [...inBody(card.body), ...(card.actions ?? [])];
}

export function button(card: AdaptiveCard, title: string): CardAction {
  const b = cardActions(card).find((a) => a.title === title);
  if (!b)
    throw new Error(
      `no button "${title}" in ${cardActions(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  return b;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host) || host === '';
}

/**
 * Until `restore()`, a socket connecting anywhere but this machine, or a name lookup, fails at
 * once instead of reaching out; the hosts it tried are recorded (a test asserts there were none).
 */
export function guardNetwork(): { attempts: string[]; restore(): void } {
  const attempts: string[] = [];
  const originalLookup = dns.lookup;
  dns.lookup = ((hostname: string, ...rest: unknown[]) => {
    if (isLoopback(hostname)) return (originalLookup as (...a: unknown[]) => void)(hostname, ...rest);
    attempts.push(hostname);
    const callback = rest.at(-1) as (err: Error) => void;
    process.nextTick(() =>
      callback(
        Object.assign(new Error(`test: no lookup of ${hostname} (off this machine)`), { code: 'ENOTFOUND' }),
      ),
    );
  }) as typeof dns.lookup;
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const opts = (Array.isArray(first) ? first[0] : first) as
      | { host?: string; path?: string; port?: number }
      | number
      | string;
    const host =
      typeof opts === 'object' && opts !== null
        ? opts.path !== undefined
          ? 'localhost'
          : (opts.host ?? 'localhost')
        : typeof args[1] === 'string'
          ? args[1]
          : 'localhost';
    if (!isLoopback(host)) {
      attempts.push(host);
      process.nextTick(() => this.destroy(new Error(`test: no connection to ${host} (off this machine)`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return {
    attempts,
    restore: () => {
      net.Socket.prototype.connect = original;
      dns.lookup = originalLookup;
    },
  };
}
