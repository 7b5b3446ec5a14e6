/**
 * The contract between the HTTP app (src/server/app.ts) and a platform adapter (src/slack,
 * src/teams): what an adapter is given and how it adds its routes. Adapters import this, never
 * the server, so the server can import them.
 */
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { KbService, RespondDeps } from '../conversation/types.js';
import type { HelpDesk } from '../escalation/help-desk.js';
import type { Store } from '../store/types.js';

export interface MountContext {
  deps: RespondDeps;
  logger: Logger;
  /** The whole store (event claims for retried platform events, feedback), when the app has one. */
  store?: Store;
  /** What the corpus in service holds (App Home, welcome cards). */
  kb: KbService;
  /** Hands questions over to people; a platform adds its channel and its way back to the asker. */
  helpDesk?: HelpDesk;
}

/** A platform adapter: adds its routes (with its own body parsers) to the app. */
export type Mount = (app: Express, ctx: MountContext) => void;

/** Largest request body /api/ask and /api/messages read: the 20,000 characters the matcher reads, JSON-escaped, twice over. */
export const MAX_BODY = '256kb';
