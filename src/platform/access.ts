/**
 * Who may use the playground and /api/* (not /api/messages, which Bot Framework authenticates,
 * nor Slack's request URL, nor the health probes):
 *
 * - a request from this machine: a loopback peer, no proxy headers, and a loopback Host
 *   (localhost, 127.x.x.x, [::1]). A site whose name rebinds to 127.0.0.1, or a tunnel, sends
 *   its own Host and is treated as another address;
 * - from any other address, whoever has KB_API_TOKEN: `Authorization: Bearer <token>`, or the
 *   cookie the page sets after `/?token=<token>`. Without KB_API_TOKEN they get 403.
 *
 * A request that changes something (POST, DELETE) must not come from another site's page: when
 * a browser says where it comes from (Origin, Sec-Fetch-Site), that must be this Host.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

export const TOKEN_COOKIE = 'kbbot_token';

export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.toLowerCase().replace(/:\d{1,5}$/, '');
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** True when the request comes from this machine, to this machine's name. */
export function fromThisMachine(req: Request): boolean {
  return (
    isLoopbackAddress(req.socket.remoteAddress) &&
    isLoopbackHost(req.headers.host) &&
    !req.headers['x-forwarded-for'] &&
    !req.headers.forwarded
  );
}

/** The paths this guard covers. */
export function isPrivatePath(p: string): boolean {
  if (p === '/' || p.startsWith('/playground/') || p.startsWith('/vendor/')) return true;
  return (p === '/api' || p.startsWith('/api/')) && p !== '/api/messages';
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function sameToken(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.toLowerCase().startsWith('bearer ')) return auth.slice(7).trim();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === TOKEN_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/** A browser's request from another site: its Origin is not this Host, or Sec-Fetch-Site says cross-site. */
export function crossSite(req: Request): boolean {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  if (origin === 'null') return true;
  const site = req.headers['sec-fetch-site'];
  return site !== undefined && site !== 'same-origin' && site !== 'none';
}

export const PRIVATE_MESSAGE =
  "kbbot's playground and API answer only on this machine. To open them to other addresses set KB_API_TOKEN and send it as Authorization: Bearer <token>.";

/** The guard, for every path isPrivatePath covers. */
export function privateAccess(opts: { token?: string }): RequestHandler {
  return (req, res, next) => {
    if (!isPrivatePath(req.path)) return next();
    if (!fromThisMachine(req)) {
      if (!opts.token) {
        res.status(403).json({ error: 'private', message: PRIVATE_MESSAGE });
        return;
      }
      const viaLink = req.method === 'GET' && req.path === '/' ? req.query.token : undefined;
      if (typeof viaLink === 'string' && sameToken(viaLink, opts.token)) {
        // The page's own requests carry the token from now on; the link drops it from the address bar.
        res.cookie(TOKEN_COOKIE, viaLink, { httpOnly: true, sameSite: 'strict', path: '/' });
        res.redirect(303, '/');
        return;
      }
      if (!sameToken(tokenOf(req), opts.token)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        res.status(401).json({
          error: 'unauthorized',
          message:
            'Send Authorization: Bearer <KB_API_TOKEN>, or open /?token=<KB_API_TOKEN> once in the browser.',
        });
        return;
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && crossSite(req)) {
      res.status(403).json({
        error: 'cross-site',
        message: 'kbbot takes this only from its own page, not from another site.',
      });
      return;
    }
    next();
  };
}

/** Who a playground or API caller is, for one vote per person: this machine, or the address that had the token. */
export function callerId(req: Request): string {
  return fromThisMachine(req) ? 'this-machine' : `address:${req.socket.remoteAddress ?? 'unknown'}`;
}
