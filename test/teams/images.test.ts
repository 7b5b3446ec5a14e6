/**
 * Screenshots sent to kbbot in Teams, over real HTTP: activities POSTed to /api/messages, the
 * image fetched from a fake Bot Connector on loopback (which wants the bot's token), the card
 * sent back to it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTACHMENTS_ONLY_TEXT } from '../../src/teams/bot.js';
import { postJson, type TestServer } from '../helpers/http.js';
import { fixture } from '../ocr/images.js';
import { activity, cardOf, cardTexts, type FakeConnector } from './fake-connector.js';
import { startTeamsTestBed, type TeamsTestBed } from './teams-test-bed.js';

const BOT_TOKEN = 'teams-test-bot-token';
const MTA_TITLE = 'Event ID 4283, MTA May Stop Accepting Incoming Connections';

let connector: FakeConnector;
let server: TestServer;
let bed: TeamsTestBed;
let shotUrl: string;

before(async () => {
  bed = await startTeamsTestBed(() => ({
    connectorAuth: async () => ({ Authorization: `Bearer ${BOT_TOKEN}` }),
  }));
  ({ connector, server } = bed);
  shotUrl = connector.addAttachment('shot-4283', fixture('event-mta-4283.png'), 'image/png', BOT_TOKEN);
});

after(() => bed.close());

/** POSTs an activity; the turn (OCR included) is done when this returns. */
async function post(a: Record<string, unknown>) {
  assert.equal((await postJson(`${server.url}/api/messages`, a)).status, 200);
}

/** What kbbot said in a conversation: a plain message's text, or the texts of its card. */
function said(conversationId: string): string {
  const [call] = connector.to(conversationId);
  return call.activity.text ?? cardTexts(cardOf(call).body).join('\n');
}

describe('a screenshot sent to kbbot in Teams', () => {
  test('attached in personal chat: fetched with the bot token and answered with the right card, which says what it read', async () => {
    const a = activity(connector.url, {
      text: '',
      attachments: [{ contentType: 'image/png', contentUrl: shotUrl, name: 'image.png' }],
    });
    await post(a);
    const card = cardOf(connector.to(a.conversation.id)[0]);
    const texts = cardTexts(card.body).join('\n');
    assert.match(texts, new RegExp(MTA_TITLE));
    assert.match(texts, /Read from your screenshot: "Event ID: 4283 Source: MSExchangeMTA/);
    assert.deepEqual(connector.downloads.at(-1), { id: 'shot-4283', authorization: `Bearer ${BOT_TOKEN}` });
  });

  test('pasted inline in a channel with a mention (only the message HTML points at it): answered in the thread', async () => {
    const html = `<div><at>kbbot</at> what is this?<img src="${shotUrl}" alt="image"></div>`;
    const a = activity(connector.url, {
      text: '<at>kbbot</at> what is this?',
      conversation: { id: '19:ops@thread.tacv2;messageid=1700000000001', conversationType: 'channel' },
      entities: [{ type: 'mention', text: '<at>kbbot</at>', mentioned: { id: '28:kbbot', name: 'kbbot' } }],
      attachments: [{ contentType: 'text/html', content: html }],
    });
    await post(a);
    const texts = cardTexts(cardOf(connector.to(a.conversation.id)[0]).body).join('\n');
    assert.match(texts, new RegExp(MTA_TITLE));
  });
});

describe('images kbbot cannot read in Teams get a clear answer', () => {
  test('an attachment that is not an image', async () => {
    const url = connector.addAttachment(
      'garbage',
      Buffer.from('not a picture at all'),
      'image/png',
      BOT_TOKEN,
    );
    const a = activity(connector.url, { attachments: [{ contentType: 'image/png', contentUrl: url }] });
    await post(a);
    assert.match(said(a.conversation.id), /not an image I can read/);
  });

  test('an attachment the Bot Connector will not hand over', async () => {
    const url = connector.addAttachment(
      'other-token',
      fixture('event-mta-4283.png'),
      'image/png',
      'someone-elses-token',
    );
    const a = activity(connector.url, { attachments: [{ contentType: 'image/png', contentUrl: url }] });
    await post(a);
    assert.match(said(a.conversation.id), /could not download that image/);
  });

  test('a blank picture', async () => {
    const sharp = (await import('sharp')).default;
    const white = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const url = connector.addAttachment('blank', white, 'image/png', BOT_TOKEN);
    const a = activity(connector.url, { attachments: [{ contentType: 'image/png', contentUrl: url }] });
    await post(a);
    assert.match(said(a.conversation.id), /blank/);
  });

  test('a file that is not a picture', async () => {
    const pdf = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'log.pdf',
      content: { downloadUrl: `${connector.url}/log.pdf`, fileType: 'pdf' },
    };
    const a = activity(connector.url, { attachments: [pdf] });
    await post(a);
    assert.equal(connector.to(a.conversation.id)[0].activity.text, ATTACHMENTS_ONLY_TEXT);
  });
});
