import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandTurn, conversationOf, messageText, messageTurn } from '../../src/slack/turns.js';
import { looksLikeError } from '../../src/slack/passive.js';
import { eventClaims } from '../../src/slack/event-claims.js';
import { slackSettingsFrom } from '../../src/slack/mount.js';
import { EVENT_4283 } from '../helpers/http.js';
import { loadSettings } from '../../src/config/settings.js';

describe('Slack payloads → Turns', () => {
  test('mentions are removed and Slack’s escapes undone', () => {
    assert.equal(messageText('<@U123ABC> failed &lt;0x2741&gt; &amp; more'), 'failed <0x2741> & more');
    assert.equal(messageText('<@U123|kbbot>'), '');
  });

  test('a bare command is help; a command in a DM is a dm', () => {
    assert.equal(commandTurn({ text: '  ', user_id: 'U1', channel_id: 'C1' }).text, 'help');
    assert.deepEqual(
      commandTurn({ text: 'error 5', user_id: 'U1', channel_id: 'D1', channel_name: 'directmessage' }),
      { platform: 'slack', conversation: 'dm', userId: 'U1', text: 'error 5' },
    );
  });

  test('conversation kinds follow the channel', () => {
    assert.equal(conversationOf('D1'), 'dm');
    assert.equal(conversationOf('C1', 'channel', '1.2'), 'thread');
    assert.equal(conversationOf('G1'), 'group');
    assert.equal(conversationOf('C1', 'mpim'), 'group');
    assert.equal(conversationOf('C1'), 'channel');
    assert.equal(conversationOf(undefined), 'none');
  });

  test('an empty mention is help only when asked for', () => {
    assert.equal(messageTurn({ text: '<@U1>' }, { emptyIsHelp: true }).text, 'help');
    assert.equal(messageTurn({ text: '<@U1>' }).text, '');
  });
});

describe('looksLikeError (passive help)', () => {
  const errors = [
    EVENT_4283,
    'Register LDAP SSL protocol failed with error 10049',
    'HRESULT 0x80070005 when the task starts',
    'System.NullReferenceException: Object reference not set\n   at Foo.Bar() in C:\\src\\x.cs:line 12',
    'Traceback (most recent call last):\n  File "x.py", line 1',
    'connect() failed: WSAEADDRNOTAVAIL',
    'the call returned E_ACCESSDENIED',
  ];
  const chatter = [
    'anyone up for lunch?',
    'deploy is done, thanks all',
    'the meeting moved to 3pm',
    'EVERYONE please update your EXCHANGE profile',
    'ok',
  ];
  for (const e of errors)
    test(`an error: ${e.split('\n')[0].slice(0, 40)}`, () => assert.equal(looksLikeError(e), true));
  for (const c of chatter) test(`not an error: ${c}`, () => assert.equal(looksLikeError(c), false));
});

describe('event claims without a store', () => {
  test('a key is claimed once, and forgotten after two hours', async () => {
    let now = 0;
    const claims = eventClaims(undefined, () => now);
    assert.equal(await claims.claim('k'), true);
    assert.equal(await claims.claim('k'), false);
    now = 3 * 60 * 60 * 1000;
    assert.equal(await claims.claim('other'), true);
    assert.equal(await claims.claim('k'), true);
  });
});

describe('Slack settings', () => {
  const base = { SLACK_COMMAND: '/kb', SLACK_PASSIVE_CHANNELS: [] as string[] };
  test('Slack is off without a bot token and a way in', () => {
    assert.equal(slackSettingsFrom(base), undefined);
    assert.equal(slackSettingsFrom({ ...base, SLACK_BOT_TOKEN: 'xoxb-1' }), undefined);
  });
  test('HTTP mode with a signing secret, Socket Mode with an app token', () => {
    assert.equal(
      slackSettingsFrom({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })?.signingSecret,
      's',
    );
    assert.equal(
      slackSettingsFrom({ ...base, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })?.appToken,
      'xapp-1',
    );
  });
  test('SLACK_PASSIVE_CHANNELS is a list of channel ids, off by default', () => {
    const on = loadSettings({ SLACK_PASSIVE_CHANNELS: ' C0123ABCD, G0456EFGH ' });
    assert.ok(on.ok && on.settings.SLACK_PASSIVE_CHANNELS.join() === 'C0123ABCD,G0456EFGH');
    const off = loadSettings({});
    assert.ok(off.ok && off.settings.SLACK_PASSIVE_CHANNELS.length === 0);
    const bad = loadSettings({ SLACK_PASSIVE_CHANNELS: '#ops' });
    assert.ok(!bad.ok && bad.problems[0].name === 'SLACK_PASSIVE_CHANNELS');
  });
  test('a bot token needs a way in, and a way in needs a bot token', () => {
    const r = loadSettings({ SLACK_BOT_TOKEN: 'xoxb-1' });
    assert.ok(!r.ok && r.problems.some((p) => p.name === 'SLACK_SIGNING_SECRET'));
    const s = loadSettings({ SLACK_APP_TOKEN: 'xapp-1' });
    assert.ok(!s.ok && s.problems.some((p) => p.name === 'SLACK_BOT_TOKEN'));
  });
});
