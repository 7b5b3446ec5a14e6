/**
 * The App Home tab: published (views.publish) each time someone opens it, so the corpus figures
 * are current. Its words come from the conversation's own "about" and "help" replies.
 */
import type { App } from '@slack/bolt';
import { getDefaultRouter } from '../../conversation/intents.js';
import type { Reply } from '../../conversation/types.js';
import { renderHomeView, type HomeContent } from '../views.js';
import { afterAck, answerTurn } from '../turn-reply.js';
import type { ListenerDeps } from '../types.js';

/** Longest example paste shown on the Home tab. */
const EXAMPLE_CHARS = 600;

export function registerHome(bolt: App, deps: ListenerDeps): void {
  bolt.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await afterAck(deps.log, 'home', async () => {
      await client.views.publish({ user_id: event.user, view: renderHomeView(await homeContent(deps)) });
    });
  });
}

export async function homeContent(deps: ListenerDeps): Promise<HomeContent> {
  const base = { platform: 'slack' as const, conversation: 'none' as const };
  const about = await answerTurn({ ...base, text: 'about' }, deps.respondDeps, deps.log, 'home');
  const help = await answerTurn({ ...base, text: 'help' }, deps.respondDeps, deps.log, 'home');
  const router = deps.respondDeps.router ?? getDefaultRouter();
  const examples = (router.get('search')?.examples ?? [])
    .filter((e) => e.length <= EXAMPLE_CHARS && !/^(search|find) /i.test(e))
    .slice(0, 4);
  return {
    about:
      about.kind === 'about'
        ? about
        : { kind: 'about', text: textOf(about), version: deps.respondDeps.version },
    help: help.kind === 'help' ? help : { kind: 'help', text: textOf(help), examples: [] },
    command: deps.settings.command,
    examples,
  };
}

function textOf(r: Reply): string {
  return 'text' in r ? r.text : '';
}
