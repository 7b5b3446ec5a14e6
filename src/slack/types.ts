/**
 * The Slack adapter's own types: its settings (from src/config/settings.ts) and what every
 * listener shares. The adapter turns Slack events into Turns, asks the conversation, and posts
 * the Reply drawn by `renderBlockKit`; nothing here matches or renders.
 */
import type { Logger } from 'pino';
import type { KbService, RespondDeps } from '../conversation/types.js';
import type { HelpDesk } from '../escalation/help-desk.js';
import type { EventClaims } from './event-claims.js';
import type { PostToResponseUrl } from './response-url.js';

export interface SlackSettings {
  /** xoxb-… */
  botToken: string;
  /** HTTP mode: requests to /slack/events are verified with it. */
  signingSecret?: string;
  /** Socket Mode (xapp-…): wins over signingSecret. */
  appToken?: string;
  /** Web API base URL; default https://slack.com/api/. */
  apiUrl?: string;
  /** The slash command kbbot answers, "/kb". */
  command: string;
  /** Channel ids where passive help is on (empty: off everywhere). */
  passiveChannels: readonly string[];
  /** Channel id where questions are handed over to the help desk (unset: not posted in Slack). */
  escalationChannel?: string;
}

/** What every listener needs. */
export interface ListenerDeps {
  respondDeps: RespondDeps;
  kb: KbService;
  log: Logger;
  /** Claims shared by every instance (the store): for Events API deliveries, which Slack retries. */
  claims: EventClaims;
  /**
   * Claims kept in this process: for slash commands and interactions, which Slack does not
   * retry; they guard a duplicate delivery without a database write on the ack's hot path.
   */
  localClaims: EventClaims;
  settings: SlackSettings;
  postToResponseUrl: PostToResponseUrl;
  /** Hands questions over to people, when the server has a store. */
  helpDesk?: HelpDesk;
}
