import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mountTeams } from '../../src/teams/mount.js';
import { EMPTY_SEARCH_TEXT } from '../../src/teams/cards.js';
import { actionPayload } from '../../src/conversation/actions.js';
import { cardBytes, MAX_CARD_BYTES, type AdaptiveCard } from '../../src/render/adaptive-card.js';
import { postJson, startTestServer, tempContent, type TestServer } from '../helpers/http.js';
import { activity, cardTexts, startFakeConnector, type FakeConnector } from './fake-connector.js';

interface SearchResponse {
  composeExtension: {
    type: 'result' | 'message';
    text?: string;
    attachmentLayout?: string;
    attachments?: Array<{ contentType: string; content: AdaptiveCard; preview: { contentType: string; content: { title: string; subtitle?: string; text?: string } } }>;
  };
}

let connector: FakeConnector;
let server: TestServer;
let content: Awaited<ReturnType<typeof tempContent>>;

before(async () => {
  connector = await startFakeConnector();
  content = await tempContent();
  server = await startTestServer({
    contentDir: content.dir,
    mounts: [(app, ctx) => void mountTeams(app, { deps: ctx.deps, logger: ctx.logger, settings: {}, store: ctx.store })],
  });
});

after(async () => {
  await server.close();
  await connector.close();
  await content.remove();
});

/** The compose box's search invoke, as Teams sends it while someone types. */
function searchInvoke(parameters: Array<{ name: string; value: string }>) {
  return activity(connector.url, { type: 'invoke', name: 'composeExtension/query', value: { commandId: 'searchKb', parameters, queryOptions: { skip: 0, count: 25 } } });
}

async function search(parameters: Array<{ name: string; value: string }>) {
  const r = await postJson<SearchResponse>(`${server.url}/api/messages`, searchInvoke(parameters));
  assert.equal(r.status, 200);
  return r.body.composeExtension;
}

describe('messaging extension: composeExtension/query', () => {
  test('a search lists the matching article first, with a thumbnail preview and the Adaptive Card it inserts', async () => {
    const result = await search([{ name: 'query', value: 'HrRegisterProtocol error 0x2741 POP3' }]);
    assert.equal(result.type, 'result');
    assert.equal(result.attachmentLayout, 'list');
    const [first, ...others] = result.attachments ?? [];
    assert.equal(first.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(first.preview.contentType, 'application/vnd.microsoft.card.thumbnail');
    assert.equal(first.preview.content.title, 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.match(first.preview.content.subtitle ?? '', /^KB214864 · \d+% \((high|medium)\)$/);
    assert.ok(first.preview.content.text, 'an excerpt in the preview');
    const card = first.content;
    assert.equal(card.version, '1.5');
    assert.equal(cardTexts(card.body)[0], 'Exchange Protocols Fail After Applying Windows NT 4.0 SP4');
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES);
    for (const o of others) assert.match(o.preview.content.subtitle ?? '', /not sure/);
    assert.equal(connector.calls.length, 0, 'a search answers in the invoke response, sends nothing');
  });

  test('the box opened empty (initialRun) shows how to search instead of nothing', async () => {
    const result = await search([{ name: 'initialRun', value: 'true' }]);
    assert.equal(result.type, 'message');
    assert.equal(result.text, EMPTY_SEARCH_TEXT);
    assert.equal((await search([{ name: 'query', value: '   ' }])).text, EMPTY_SEARCH_TEXT);
  });

  test('a search that matches nothing says so and how to search better', async () => {
    const result = await search([{ name: 'query', value: 'zqxjv wvkpl' }]);
    assert.equal(result.type, 'message');
    assert.match(result.text ?? '', /^No article matches "zqxjv wvkpl"\. Try the exact error text/);
  });

  test('a KB number finds that article', async () => {
    const result = await search([{ name: 'query', value: 'KB811406' }]);
    assert.equal(result.attachments?.[0].preview.content.title, 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
  });
});

describe('messaging extension: buttons on an inserted card (composeExtension/onCardButtonClicked)', () => {
  test('"Helpful" is recorded; the inserted message is the user\'s, so nothing is edited or sent', async () => {
    const paste = 'event 4283 MSExchangeMTA Bad LPIs in message';
    const a = activity(connector.url, { type: 'invoke', name: 'composeExtension/onCardButtonClicked', value: actionPayload('helpful Q811406', paste) });
    const r = await postJson(`${server.url}/api/messages`, a);
    assert.equal(r.status, 200);
    assert.ok(server.store.feedback().some((f) => f.articleId === 'Q811406' && f.helpful === 1 && f.queryText.includes('4283')));
    assert.equal(connector.to(a.conversation.id).length, 0);
  });

  test('"Full article" is answered in the conversation', async () => {
    const a = activity(connector.url, { type: 'invoke', name: 'composeExtension/onCardButtonClicked', value: actionPayload('open Q811406', 'event 4283') });
    assert.equal((await postJson(`${server.url}/api/messages`, a)).status, 200);
    const [call] = connector.to(a.conversation.id);
    assert.equal(cardTexts(call.activity.attachments?.[0].content.body ?? [])[0], 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
  });
});
