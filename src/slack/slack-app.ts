/**
 * The Bolt App with kbbot's listeners, over any receiver (HTTP on the server's express app, or
 * Socket Mode). The bot token's identity (auth.test) is looked up once, as the app is made, and
 * kept: Bolt needs it before a listener can ack, so the first burst of commands would otherwise
 * wait together on that call. A failed lookup is tried again on the next event instead of being
 * cached for good.
 */
import { App, type AuthorizeResult, type Receiver } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import { boltLogger } from './bolt-logger.js';
import { registerActions } from './listeners/actions.js';
import { registerCommand } from './listeners/command.js';
import { registerHome } from './listeners/home.js';
import { registerMessages } from './listeners/messages.js';
import { registerShortcut } from './listeners/shortcut.js';
import { registerUnfurl } from './listeners/unfurl.js';
import type { ListenerDeps } from './types.js';

/** Web API retries: 429s wait for their Retry-After, 5xx and network errors back off; about five minutes in all. */
export const WEB_API_RETRIES: webApi.RetryOptions = { retries: 5, factor: 3.86, randomize: true };

export interface SlackAppOptions {
  receiver: Receiver;
  /** Override of WEB_API_RETRIES (tests). */
  retryConfig?: webApi.RetryOptions;
}

/** The Bolt App, and a promise for the moment it has nothing left to do. */
export interface SlackApp {
  bolt: App;
  /**
   * Resolves once every event, command and interaction received so far has been handled to its
   * end (its reply posted, or given up and logged). Slack is acked before that work, so an HTTP
   * server that has closed can still be posting: shutdown waits for this, and so do the tests
   * that check a reply was not sent.
   */
  settled(): Promise<void>;
}

export function createSlackApp(deps: ListenerDeps, opts: SlackAppOptions): SlackApp {
  const logger = boltLogger(deps.log);
  const apiUrl = deps.settings.apiUrl ? deps.settings.apiUrl.replace(/\/?$/, '/') : undefined;
  const botIdentity = cachedBotIdentity(deps.settings.botToken, () => bolt.client);
  const bolt: App = new App({
    receiver: opts.receiver,
    authorize: botIdentity,
    convoStore: false, // no listener keeps conversation state; it cost every event a rejected lookup
    logger,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: opts.retryConfig ?? WEB_API_RETRIES, logger },
  });
  // Looked up now, while the corpus loads; a failure is logged by the client and retried on the first event.
  botIdentity().catch(() => undefined);
  // Around the listeners: `next()` resolves when every listener for the request is done.
  const inFlight = new Set<Promise<void>>();
  bolt.use(async ({ next }) => {
    const handled = next();
    inFlight.add(handled);
    try {
      await handled;
    } finally {
      inFlight.delete(handled);
    }
  });
  registerCommand(bolt, deps);
  registerMessages(bolt, deps);
  registerShortcut(bolt, deps);
  registerActions(bolt, deps);
  registerHome(bolt, deps);
  registerUnfurl(bolt, deps);
  bolt.error(async (e) => {
    deps.log.error(
      { platform: 'slack', err: e.message, code: (e as { code?: string }).code },
      'slack listener failed',
    );
  });
  return {
    bolt,
    async settled() {
      // A request acked a moment ago enters the middleware within this turn of the event loop.
      await new Promise((r) => setImmediate(r));
      if (inFlight.size > 0)
        deps.log.info({ inFlight: inFlight.size }, 'slack: finishing requests in flight');
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** `authorize` for a single workspace: the bot token and its user and bot ids (auth.test, once). */
function cachedBotIdentity(botToken: string, client: () => App['client']): () => Promise<AuthorizeResult> {
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  return async () => {
    identity ??= client()
      .auth.test({ token: botToken })
      .then((r) => ({ botId: r.bot_id, botUserId: r.user_id }));
    try {
      return { botToken, ...(await identity) };
    } catch (e) {
      identity = undefined;
      throw e;
    }
  };
}
