/**
 * KB links unfurled (event `link_shared`, in slack-manifest.json with `unfurl_domains`): a
 * support.microsoft.com link to an article the content holds gets the article's title, its fix
 * and a button that opens it (chat.unfurl). Links to articles kbbot does not hold keep Slack's own
 * preview. Each event is unfurled once (its event_id claimed).
 */
import type { App } from '@slack/bolt';
import { articleIdOfLink } from '../../answer/article-refs.js';
import { renderUnfurl } from '../views.js';
import { afterAck } from '../turn-reply.js';
import { claimKeys } from '../event-claims.js';
import type { ListenerDeps } from '../types.js';

/** Most links of one message that are looked up (Slack sends at most a handful). */
export const MAX_UNFURLS = 5;

interface LinkShared {
  channel: string;
  message_ts: string;
  links: Array<{ domain: string; url: string }>;
  /** Links in the message composer, before it is sent. */
  unfurl_id?: string;
  source?: 'composer' | 'conversations_history';
}

export function registerUnfurl(bolt: App, deps: ListenerDeps): void {
  bolt.event('link_shared', async ({ event, body, client }) => {
    await afterAck(deps.log, 'unfurl', async () => {
      const e = event as unknown as LinkShared;
      if (deps.kb.status().state !== 'ready') return;
      if (!(await deps.claims.claim(claimKeys.event(body.event_id)))) return;
      const unfurls: Record<string, { blocks: ReturnType<typeof renderUnfurl>['blocks'] }> = {};
      for (const { url } of (e.links ?? []).slice(0, MAX_UNFURLS)) {
        const id = articleIdOfLink(url);
        const article = id ? await deps.kb.article(id).catch(() => undefined) : undefined;
        if (article) unfurls[url] = renderUnfurl(article);
      }
      if (!Object.keys(unfurls).length) return;
      const where =
        e.unfurl_id && e.source
          ? { unfurl_id: e.unfurl_id, source: e.source }
          : { channel: e.channel, ts: e.message_ts };
      await client.chat.unfurl({ ...where, unfurls } as Parameters<typeof client.chat.unfurl>[0]);
      deps.log.info({ platform: 'slack', surface: 'unfurl', links: Object.keys(unfurls).length }, 'unfurled');
    });
  });
}
