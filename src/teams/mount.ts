/**
 * Mounts the Bot Framework endpoint `POST /api/messages` on the server (a CloudAdapter in
 * front of the Teams bot).
 *
 * Authentication (ConfigurationBotFrameworkAuthentication, from the Microsoft* settings):
 * - no MicrosoftAppId: open, for the Bot Framework Emulator, which sends no token; only an activity
 *   whose serviceUrl is on this machine is answered (403 otherwise), once, without redirects.
 * - MicrosoftAppId (+ MicrosoftAppPassword, MicrosoftAppType MultiTenant or SingleTenant with
 *   MicrosoftAppTenantId, or UserAssignedMSI): every request must carry a Bot Framework token
 *   (401 otherwise) and replies are authenticated.
 *
 * A body that is not an activity is refused with 400 before the adapter sees it; an error in a
 * turn is logged once and the user gets a short apology.
 */
import express, { type Express } from 'express';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { RespondDeps } from '../conversation/types.js';
import type { ConnectorAuth } from './images.js';
import { MAX_BODY } from '../platform/mount.js';
import type { Store } from '../store/types.js';
import type { HelpDesk } from '../escalation/help-desk.js';
import { KbbotTeamsBot } from './bot.js';
import type { DebugLog } from '../config/log.js';
import { EscalationChannel, teamsAnswerDelivery, teamsHandoverTarget } from './help-desk.js';
import { searchMessage } from './cards.js';
import { fromThisMachine } from '../platform/access.js';
import { replyLane } from '../platform/reply-lane.js';
import { isLocalServiceUrl, localConnectorOptions, NOT_LOCAL_MESSAGE } from './local-connector.js';

export interface TeamsSettings {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType?: string;
  MicrosoftAppTenantId?: string;
}

export interface TeamsMountContext {
  deps: RespondDeps;
  logger: DebugLog;
  settings: TeamsSettings;
  /** Claims each activity once across processes (a re-delivered activity is answered once). */
  store?: Pick<Store, 'claimEvent'>;
  /** The help desk: answers go back to Teams askers, and handovers go to `escalation` when set. */
  helpDesk?: HelpDesk;
  escalation?: { channelId: string; serviceUrl?: string };
  /** How attachments are fetched from the Bot Connector (default: with the bot's token; tests give their own). */
  connectorAuth?: ConnectorAuth;
}

export const APOLOGY = 'Sorry, kbbot could not answer that. Try again in a moment.';

/** What is wrong with a request body as a Bot Framework activity, or undefined when it is one. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'The body must be a Bot Framework activity (a JSON object).';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'The activity needs a "type".';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s/]+/i.test(a.serviceUrl))
    return 'The activity needs a "serviceUrl" (http or https) to reply to.';
  const conversation = a.conversation as { id?: unknown } | undefined;
  if (
    !conversation ||
    typeof conversation !== 'object' ||
    typeof conversation.id !== 'string' ||
    !conversation.id
  )
    return 'The activity needs a "conversation" with an "id".';
  for (const field of ['from', 'recipient'] as const) {
    if (a[field] !== undefined && (typeof a[field] !== 'object' || a[field] === null))
      return `"${field}" must be an object.`;
  }
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string')
    return '"text" must be a string.';
  if (a.entities !== undefined && !Array.isArray(a.entities)) return '"entities" must be an array.';
  if (a.attachments !== undefined && !Array.isArray(a.attachments)) return '"attachments" must be an array.';
  if (a.membersAdded !== undefined && !Array.isArray(a.membersAdded))
    return '"membersAdded" must be an array.';
  return undefined;
}

export function authenticationOptions(s: TeamsSettings): ConfigurationBotFrameworkAuthenticationOptions {
  return {
    MicrosoftAppId: s.MicrosoftAppId ?? '',
    MicrosoftAppPassword: s.MicrosoftAppPassword ?? '',
    MicrosoftAppType: s.MicrosoftAppType ?? 'MultiTenant',
    MicrosoftAppTenantId: s.MicrosoftAppTenantId ?? '',
  };
}

/** Logs a failed turn once and answers with a short apology (a status for an invoke, which expects one). */
async function onTurnError(context: TurnContext, error: unknown, log: DebugLog): Promise<void> {
  const a = context.activity;
  log.error(
    {
      platform: 'teams',
      activityType: a.type,
      invoke: a.name,
      err: error instanceof Error ? (error.stack ?? error.message) : String(error),
    },
    'turn failed',
  );
  try {
    if (a.type === ActivityTypes.Invoke) {
      const value =
        a.name === 'composeExtension/query'
          ? { status: 200, body: searchMessage(APOLOGY) }
          : { status: 500, body: { error: 'internal', message: APOLOGY } };
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value });
    } else {
      await context.sendActivity(APOLOGY);
    }
  } catch {
    // The connector is unreachable too; the error is logged above.
  }
}

export function mountTeams(
  app: Express,
  ctx: TeamsMountContext,
): { adapter: CloudAdapter; bot: KbbotTeamsBot } {
  const s = ctx.settings;
  // No credentials: the Emulator's mode, answering only a connector on this machine (local-connector.ts).
  const local = !s.MicrosoftAppId;
  const auth = new ConfigurationBotFrameworkAuthentication(
    authenticationOptions(s),
    undefined,
    undefined,
    undefined,
    local ? localConnectorOptions() : undefined,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = (context, error) => onTurnError(context, error, ctx.logger);
  const appId = s.MicrosoftAppId ?? '';
  const escalationChannel = ctx.escalation
    ? new EscalationChannel(ctx.escalation.channelId, ctx.escalation.serviceUrl)
    : undefined;
  if (ctx.helpDesk) {
    ctx.helpDesk.setDelivery('teams', teamsAnswerDelivery(adapter, appId));
    if (escalationChannel) ctx.helpDesk.addTarget(teamsHandoverTarget(adapter, appId, escalationChannel));
  }
  const bot = new KbbotTeamsBot({
    respond: ctx.deps,
    claims: ctx.store,
    log: ctx.logger,
    helpDesk: ctx.helpDesk,
    escalationChannel,
    connectorAuth: ctx.connectorAuth,
  });
  if (!s.MicrosoftAppId)
    ctx.logger.warn(
      { platform: 'teams' },
      '/api/messages is open without authentication (no MicrosoftAppId): it answers only a Bot Connector on this machine (the Bot Framework Emulator, the Agents Playground), not Teams',
    );
  else
    ctx.logger.info(
      { platform: 'teams', appType: s.MicrosoftAppType ?? 'MultiTenant' },
      '/api/messages verifies Bot Framework tokens',
    );
  // An activity carries at most one Teams message (about 28 KB); the matcher reads 20,000 characters of it.
  const parseActivity = express.json({ limit: MAX_BODY, type: ['application/json', 'application/*+json'] });
  app.post('/api/messages', parseActivity, (req, res) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.status(400).json({ error: 'bad-request', message: problem });
      return;
    }
    // Nor may another machine name a connector on this one (a relay to a local service).
    if (
      local &&
      (!fromThisMachine(req) || !isLocalServiceUrl((req.body as { serviceUrl?: unknown }).serviceUrl))
    ) {
      res.status(403).json({ error: 'forbidden', message: NOT_LOCAL_MESSAGE });
      return;
    }
    // The turn (matching, the card, posting it) waits behind the acks of requests already read.
    return adapter.process(req, res, async (context) => {
      await replyLane.turn();
      await bot.run(context);
    });
  });
  return { adapter, bot };
}
