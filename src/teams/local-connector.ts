/**
 * Without Microsoft credentials nothing proves who sent an activity, so kbbot must not become a
 * relay: it answers only activities sent from this machine whose serviceUrl is on this machine
 * too (the Bot Framework Emulator, the Microsoft 365 Agents Playground) and talks to that connector through an HTTP
 * client that refuses any other address, never follows a redirect, and tries once.
 *
 * With credentials the token proves the activity came from the Bot Connector and names its
 * serviceUrl (botbuilder checks that claim), and the library's client is used as it is.
 */
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type ConnectorClientOptions = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[4]
>;

/** True when `serviceUrl` is http(s) on a loopback address (127.0.0.0/8, ::1, localhost), without credentials in it. */
export function isLocalServiceUrl(serviceUrl: unknown): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let u: URL;
  try {
    u = new URL(serviceUrl);
  } catch {
    return false;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) return false;
  const host = u.hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const NOT_LOCAL_MESSAGE =
  'Without MicrosoftAppId kbbot answers only a Bot Connector on this machine (the Bot Framework Emulator or the Agents Playground): ' +
  "the request must come from this machine and the activity's serviceUrl be on 127.0.0.1 or localhost. Set the Microsoft* settings to answer Teams.";

/** Longest wait for the local connector to answer one request. */
const LOCAL_TIMEOUT_MS = 15_000;

type CompatRequest = {
  url: string;
  method: string;
  headers: { toJson(o?: { preserveCase?: boolean }): Record<string, string> };
  body?: unknown;
  abortSignal?: AbortSignal;
};

/**
 * The connector client's options in emulator mode: an HTTP client that refuses any address off
 * this machine, returns a redirect as it is (without its Location, so the pipeline does not
 * follow it), and makes every failure final (the pipeline retries only network errors and 5xx
 * statuses, so a 5xx is returned as an error it does not retry).
 */
export function localConnectorOptions(): ConnectorClientOptions {
  const httpClient = {
    async sendRequest(req: CompatRequest) {
      if (!isLocalServiceUrl(req.url))
        throw new Error(`refused: ${new URL(req.url).host} is not on this machine (emulator mode)`);
      const timeout = AbortSignal.timeout(LOCAL_TIMEOUT_MS);
      const res = await fetch(req.url, {
        method: req.method,
        headers: req.headers.toJson({ preserveCase: true }),
        body: req.body as string | undefined,
        redirect: 'manual',
        signal: req.abortSignal ? AbortSignal.any([req.abortSignal, timeout]) : timeout,
      });
      const bodyAsText = await res.text();
      if (res.status >= 500 || res.status === 429 || res.status === 408) {
        throw new Error(`the local Bot Connector answered ${res.status}; not retried`);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => {
        if (k !== 'location') headers[k] = v;
      });
      return {
        request: req,
        status: res.status,
        bodyAsText,
        headers: { toJson: () => headers, get: (n: string) => headers[n.toLowerCase()] },
      };
    },
  };
  return { httpClient } as unknown as ConnectorClientOptions;
}
