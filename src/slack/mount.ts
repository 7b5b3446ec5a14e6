/**
 * The Slack side of the server. Started only when its settings are present:
 *
 *   SLACK_BOT_TOKEN + SLACK_APP_TOKEN       Socket Mode (no public URL; the app dials Slack)
 *   SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET  HTTP: POST /slack/events on the server's one express
 *                                           app (events, the command and interactivity alike)
 *
 * In HTTP mode Bolt's ExpressReceiver reads the raw body, checks the signature and refuses a
 * timestamp older than five minutes (401), answers url_verification and ssl_check, and acks.
 */
import type { Express } from 'express';
import { ExpressReceiver, SocketModeReceiver, type App } from '@slack/bolt';
import type { webApi } from '@slack/bolt';
import type { MountContext } from '../platform/mount.js';
import { boltLogger } from './bolt-logger.js';
import { eventClaims } from './event-claims.js';
import { responseUrlPoster, type ResponseUrlOptions } from './response-url.js';
import { registerHelpDesk, slackAnswerDelivery, slackHandoverTarget } from './help-desk.js';
import { createSlackApp } from './slack-app.js';
import type { ListenerDeps, SlackSettings } from './types.js';

/** Slack's request URL path (Bolt's default). */
export const SLACK_EVENTS_PATH = '/slack/events';

/** Largest request read (before the signature is checked): a button's payload carries the whole message, form-encoded. */
export const SLACK_BODY_LIMIT = '1mb';

export interface SlackAdapter {
  mode: 'http' | 'socket';
  bolt: App;
  /** Socket Mode: connects to Slack. HTTP mode: nothing to do (the server already listens). */
  start(): Promise<void>;
  /** Resolves once every request received so far has been handled to its end (SlackApp.settled). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface SlackMountOptions {
  /** Web API retries (default WEB_API_RETRIES). */
  retryConfig?: webApi.RetryOptions;
  /** response_url retries. */
  responseUrl?: ResponseUrlOptions;
}

/** The Slack settings, or undefined when Slack is not configured (kbbot then runs without it). */
export function slackSettingsFrom(s: {
  SLACK_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_APP_TOKEN?: string;
  SLACK_API_URL?: string;
  SLACK_COMMAND: string;
  SLACK_PASSIVE_CHANNELS: readonly string[];
  SLACK_ESCALATION_CHANNEL?: string;
}): SlackSettings | undefined {
  if (!s.SLACK_BOT_TOKEN || (!s.SLACK_SIGNING_SECRET && !s.SLACK_APP_TOKEN)) return undefined;
  return {
    botToken: s.SLACK_BOT_TOKEN,
    signingSecret: s.SLACK_SIGNING_SECRET,
    appToken: s.SLACK_APP_TOKEN,
    apiUrl: s.SLACK_API_URL,
    command: s.SLACK_COMMAND,
    passiveChannels: s.SLACK_PASSIVE_CHANNELS,
    escalationChannel: s.SLACK_ESCALATION_CHANNEL,
  };
}

/** The help desk in Slack: answers go back to Slack askers; handovers go to the escalation channel when set. */
function joinHelpDesk(bolt: App, deps: ListenerDeps, settings: SlackSettings): void {
  const helpDesk = deps.helpDesk;
  if (!helpDesk) return;
  helpDesk.setDelivery('slack', slackAnswerDelivery(bolt.client, deps.postToResponseUrl));
  if (settings.escalationChannel)
    helpDesk.addTarget(slackHandoverTarget(bolt.client, settings.escalationChannel));
  registerHelpDesk(bolt, deps, helpDesk);
}

export function mountSlack(
  app: Express,
  ctx: MountContext,
  settings: SlackSettings,
  opts: SlackMountOptions = {},
): SlackAdapter {
  const log = ctx.logger.child({ component: 'slack' });
  const deps: ListenerDeps = {
    respondDeps: ctx.deps,
    kb: ctx.kb,
    log,
    claims: eventClaims(ctx.store),
    localClaims: eventClaims(undefined),
    settings,
    postToResponseUrl: responseUrlPoster(opts.responseUrl),
    helpDesk: ctx.helpDesk,
  };
  if (settings.appToken) {
    const apiUrl = settings.apiUrl ? settings.apiUrl.replace(/\/?$/, '/') : undefined;
    const receiver = new SocketModeReceiver({
      appToken: settings.appToken,
      logger: boltLogger(log),
      installerOptions: { clientOptions: { slackApiUrl: apiUrl } },
    });
    const { bolt, settled } = createSlackApp(deps, { receiver, retryConfig: opts.retryConfig });
    joinHelpDesk(bolt, deps, settings);
    log.info(
      { mode: 'socket', command: settings.command, passiveChannels: settings.passiveChannels.length },
      'slack: socket mode',
    );
    return {
      mode: 'socket',
      bolt,
      start: async () => {
        await bolt.start();
        log.info({ mode: 'socket' }, 'slack: connected');
      },
      settled,
      stop: () => bolt.stop().then(() => undefined),
    };
  }
  if (!settings.signingSecret)
    throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    app,
    logger: boltLogger(log),
    bodyLimit: SLACK_BODY_LIMIT,
  });
  const { bolt, settled } = createSlackApp(deps, { receiver, retryConfig: opts.retryConfig });
  joinHelpDesk(bolt, deps, settings);
  log.info(
    {
      mode: 'http',
      path: SLACK_EVENTS_PATH,
      command: settings.command,
      passiveChannels: settings.passiveChannels.length,
    },
    'slack: request URL mounted',
  );
  return { mode: 'http', bolt, settled, start: async () => undefined, stop: async () => undefined };
}
