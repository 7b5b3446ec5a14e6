/**
 * Requests as Slack signs them (v0 HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing
 * secret), for the tests and the bench: slash commands and interactions form-encoded, events JSON.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SignOptions {
  secret?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Send a signature that does not match. */
  badSignature?: boolean;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  /** X-Slack-Retry-Num (a retried event). */
  retryNum?: number;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: SignOptions = {},
): Promise<{ status: number; text: string; ms: number }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (!opts.unsigned) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = opts.badSignature
      ? signature('wrong-secret', timestamp, body)
      : signature(opts.secret ?? SIGNING_SECRET, timestamp, body);
  }
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

export interface CommandFields {
  text: string;
  response_url: string;
  command?: string;
  user_id?: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
}

/** A slash command's form body. */
export function commandBody(f: CommandFields): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T1',
    team_domain: 'test',
    channel_id: f.channel_id ?? 'C0OPS',
    channel_name: f.channel_name ?? 'ops',
    user_id: f.user_id ?? 'U0ALICE',
    user_name: 'alice',
    command: f.command ?? '/kb',
    text: f.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: f.response_url,
    trigger_id: f.trigger_id ?? `trigger-${randomUUID()}`,
  }).toString();
}

/** An Events API callback's JSON body. */
export function eventBody(
  event: Record<string, unknown>,
  eventId = `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T1',
    api_app_id: 'A1',
    event: { event_ts: String(event.ts ?? '1700000000.000100'), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T1', user_id: 'UKBBOT', is_bot: true, is_enterprise_install: false }],
  });
}

/** What every interaction payload carries: who acted, the app, the team and a fresh trigger id. */
export function interactionFrom(user: { id: string; name: string }): Record<string, unknown> {
  return {
    user: { id: user.id, name: user.name, username: user.name, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trigger-${randomUUID()}`,
    team: { id: 'T1', domain: 'test' },
  };
}

/** An interaction (button, shortcut) as Slack posts it: `payload=<json>`, form-encoded. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
