/**
 * Mounts the Bot Framework endpoint `POST /api/messages` on the server. Without MicrosoftAppId
 * it is open (for the Bot Framework Emulator, which sends no token); with it, requests must
 * carry a valid Bot Framework token. Replies go to the activity's serviceUrl.
 */
import express, { type Express } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { RespondDeps } from '../conversation/types.js';
import { KbbotBot, type BotLogger } from './bot.js';

export interface TeamsSettings {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType?: string;
  MicrosoftAppTenantId?: string;
}

export interface TeamsMountContext {
  deps: RespondDeps;
  logger: BotLogger & { warn(o: object, msg?: string): void };
  settings: TeamsSettings;
}

export function mountTeams(app: Express, ctx: TeamsMountContext): { adapter: CloudAdapter; bot: KbbotBot } {
  const s = ctx.settings;
  const config: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: s.MicrosoftAppId ?? '',
    MicrosoftAppPassword: s.MicrosoftAppPassword ?? '',
    MicrosoftAppType: s.MicrosoftAppType ?? 'MultiTenant',
    MicrosoftAppTenantId: s.MicrosoftAppTenantId ?? '',
  };
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(config));
  adapter.onTurnError = async (context, error) => {
    ctx.logger.error({ platform: 'teams', err: error instanceof Error ? error.message : String(error) }, 'turn failed');
    await context.sendActivity('Sorry, kbbot could not answer that. Try again in a moment.').catch(() => undefined);
  };
  const bot = new KbbotBot(ctx.deps, ctx.logger);
  if (!s.MicrosoftAppId) ctx.logger.warn({ platform: 'teams' }, '/api/messages is open without authentication (no MicrosoftAppId): fine for the Bot Framework Emulator, not for Teams');
  app.post('/api/messages', express.json({ limit: '1mb' }), (req, res) => {
    const body = req.body as { type?: unknown; serviceUrl?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string' || typeof body.serviceUrl !== 'string') {
      res.status(400).json({ error: 'bad-request', message: 'The body must be a Bot Framework activity (type, serviceUrl, conversation, …).' });
      return;
    }
    return adapter.process(req, res, (context) => bot.run(context));
  });
  return { adapter, bot };
}
