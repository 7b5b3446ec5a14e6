import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_SEARCH_TEXT } from '../../src/teams/cards.js';
import { actionPayload } from '../../src/conversation/actions.js';
import { cardBytes, MAX_CARD_BYTES, type AdaptiveCard } from '../../src/render/adaptive-card.js';
import { postJson, type TestServer } from '../helpers/http.js';
import { activity, cardTexts, type FakeConnector } from './fake-connector.js';
import { startTeamsTestBed, type TeamsTestBed } from './teams-test-bed.js';

interface SearchResponse {
  composeExtension: {
    type: 'result' | 'message';
    text?: string;
    attachmentLayout?: string;
    attachments?: Array<{
      contentType: string;
      content: AdaptiveCard;
      preview: { contentType: string; content: { title: string; subtitle?: string; text?: string } };
    }>;
  };
}

let connector: FakeConnector;
let server: TestServer;
let bed: TeamsTestBed;

before(async () => {
  bed = await startTeamsTestBed();
  ({ connector, server } = bed);
});

after(() => bed.close());

/** The compose box's search invoke, as Teams sends it while someone types. */
function searchInvoke(parameters: Array<{ name: string; value: string }>) {
  return activity(connector.url, {
    type: 'invoke',
    name: 'composeExtension/query',
    value: { commandId: 'searchKb', parameters, queryOptions: { skip: 0, count: 25 } },
  });
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
    assert.equal(
      result.attachments?.[0].preview.content.title,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
  });
});

describe('messaging extension: buttons on an inserted card (composeExtension/onCardButtonClicked)', () => {
  test('"Helpful" is recorded; the inserted message is the user\'s, so nothing is edited or sent', async () => {
    const paste = 'event 4283 MSExchangeMTA Bad LPIs in message';
    const a = activity(connector.url, {
      type: 'invoke',
      name: 'composeExtension/onCardButtonClicked',
      value: actionPayload('helpful Q811406', paste),
    });
    const r = await postJson(`${server.url}/api/messages`, a);
    assert.equal(r.status, 200);
    assert.ok(
      server.store
        .feedback()
        .some((f) => f.articleId === 'Q811406' && f.helpful === 1 && f.queryText.includes('4283')),
    );
    assert.equal(connector.to(a.conversation.id).length, 0);
  });

  test('"Full article" is answered in the conversation', async () => {
    const a = activity(connector.url, {
      type: 'invoke',
      name: 'composeExtension/onCardButtonClicked',
      value: actionPayload('open Q811406', 'event 4283'),
    });
    assert.equal((await postJson(`${server.url}/api/messages`, a)).status, 200);
    const [call] = connector.to(a.conversation.id);
    assert.equal(
      cardTexts(call.activity.attachments?.[0].content.body ?? [])[0],
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
  });
});

describe('messaging extension: KB links and "Find KB fix"', () => {
  interface ActionResponse {
    task?: { type: string; value: { title: string; card: { contentType: string; content: AdaptiveCard } } };
    composeExtension?: SearchResponse['composeExtension'];
  }
  const invoke = async <T>(name: string, value: unknown) => {
    const r = await postJson<T>(
      `${server.url}/api/messages`,
      activity(connector.url, { type: 'invoke', name, value }),
    );
    assert.equal(r.status, 200);
    return r.body;
  };

  test('a link to an article the content holds unfurls with its title and fix; another gets no card', async () => {
    const r = await invoke<SearchResponse>('composeExtension/queryLink', {
      url: 'https://support.microsoft.com/kb/811406',
    });
    const [card] = r.composeExtension.attachments ?? [];
    assert.equal(card.preview.content.title, 'Event ID 4283, MTA May Stop Accepting Incoming Connections');
    const texts = cardTexts(card.content.body);
    assert.equal(
      texts[texts.indexOf('Fix') + 1],
      'To resolve this problem, obtain the March 2003 Exchange 2000 Server Post-Service Pack 3 (SP3) Rollup.',
    );
    assert.ok(JSON.stringify(card.content).includes('open Q811406'), 'a button opens it');
    const none = await invoke<SearchResponse>('composeExtension/queryLink', {
      url: 'https://support.microsoft.com/kb/813840',
    });
    assert.deepEqual(none.composeExtension.attachments, []);
  });

  test('"Find KB fix" on a message answers in a private dialog with Share in chat; sharing puts the card in the compose box', async () => {
    const html =
      '<p>Event ID: 4283<br>Source: MSExchangeMTA</p><p>Bad LPIs in message Bad LPI 1-15-12 Error code = 8464</p>';
    const r = await invoke<ActionResponse>('composeExtension/fetchTask', {
      commandId: 'findKbFix',
      commandContext: 'message',
      messagePayload: { body: { contentType: 'html', content: html } },
    });
    assert.equal(r.task?.type, 'continue');
    const card = r.task!.value.card.content;
    assert.equal(
      card.body[0].type === 'TextBlock' && card.body[0].text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    const share = card.actions?.find((a) => a.title === 'Share in chat');
    assert.ok(share?.type === 'Action.Submit');
    assert.match(share.data.text, /^Event ID: 4283\nSource: MSExchangeMTA\n/);
    const shared = await invoke<ActionResponse>('composeExtension/submitAction', {
      commandId: 'findKbFix',
      data: share.data,
    });
    assert.equal(shared.composeExtension?.type, 'result');
    const [inserted] = shared.composeExtension?.attachments ?? [];
    assert.equal(
      inserted.content.body[0].type === 'TextBlock' && inserted.content.body[0].text,
      'Event ID 4283, MTA May Stop Accepting Incoming Connections',
    );
    assert.ok(
      !inserted.content.actions?.some((a) => a.title === 'Share in chat'),
      'shared, not to be shared again',
    );
    const full = card.actions?.find((a) => a.title === 'Full article');
    assert.ok(full?.type === 'Action.Submit');
    const opened = await invoke<ActionResponse>('composeExtension/submitAction', {
      commandId: 'findKbFix',
      data: full.data,
    });
    assert.match(
      JSON.stringify(opened.task?.value.card.content),
      /opened by id Q811406/,
      'other buttons answer in the dialog',
    );
  });
});
