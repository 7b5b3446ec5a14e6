/** The real server (startTestServer: memory store, match pool, seed content) with Slack mounted against a fake Slack. */
import { mountSlack, type SlackAdapter } from '../../../src/slack/mount.js';
import type { SlackSettings } from '../../../src/slack/types.js';
import { startTestServer, tempContent, type TestServer } from '../../helpers/http.js';
import { BOT_TOKEN, startFakeSlack, type FakeSlack } from './fake-slack.js';
import { SIGNING_SECRET } from './signed.js';

/** Retries fast enough for tests (Retry-After is still honoured). */
export const FAST_RETRIES = { retries: 3, minTimeout: 20, maxTimeout: 100 };

export interface SlackTestServer {
  server: TestServer;
  slack: FakeSlack;
  adapter: SlackAdapter;
  /** The request URL: http://127.0.0.1:<port>/slack/events */
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startSlackTestServer(overrides: Partial<SlackSettings> = {}): Promise<SlackTestServer> {
  const slack = await startFakeSlack();
  const content = await tempContent();
  const settings: SlackSettings = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    command: '/kb',
    passiveChannels: [],
    ...overrides,
  };
  let adapter: SlackAdapter | undefined;
  const server = await startTestServer({
    contentDir: content.dir,
    mounts: [
      (app, ctx) =>
        void (adapter = mountSlack(app, ctx, settings, {
          retryConfig: FAST_RETRIES,
          responseUrl: { minTimeoutMs: 20 },
        })),
    ],
  });
  if (!adapter) throw new Error('the Slack mount did not run');
  return {
    server,
    slack,
    adapter,
    eventsUrl: `${server.url}/slack/events`,
    async close() {
      await server.close();
      await slack.close();
      await content.remove();
    },
  };
}
