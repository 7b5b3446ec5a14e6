import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadSettings } from '../../src/config/settings.js';
import { FIND_KB_FIX } from '../../src/slack/listeners/shortcut.js';
import { SLACK_EVENTS_PATH } from '../../src/slack/mount.js';
import { KB_LINK_DOMAIN } from '../../src/answer/article-refs.js';

const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'slack-manifest.json'), 'utf8'));

describe('slack-manifest.json matches what the adapter handles', () => {
  test('the slash command is the default SLACK_COMMAND, and mrkdwn arrives unescaped for pastes', () => {
    const s = loadSettings({});
    assert.ok(s.ok);
    assert.deepEqual(
      manifest.features.slash_commands.map((c: { command: string }) => c.command),
      [s.settings.SLACK_COMMAND],
    );
  });

  test('the message shortcut has the callback id the listener waits for', () => {
    assert.deepEqual(
      manifest.features.shortcuts.map((s: { type: string; callback_id: string }) => [s.type, s.callback_id]),
      [['message', FIND_KB_FIX]],
    );
  });

  test('KB links are unfurled: the domain the listener reads, the event and both link scopes', () => {
    assert.deepEqual(manifest.features.unfurl_domains, [KB_LINK_DOMAIN]);
    assert.ok(manifest.settings.event_subscriptions.bot_events.includes('link_shared'));
    for (const scope of ['links:read', 'links:write'])
      assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
  });

  test('every URL is the one request URL, /slack/events', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const u of urls) assert.equal(new URL(u).pathname, SLACK_EVENTS_PATH);
  });

  test('the events and scopes cover mentions, DMs, passive help and App Home', () => {
    assert.deepEqual([...manifest.settings.event_subscriptions.bot_events].sort(), [
      'app_home_opened',
      'app_mention',
      'link_shared',
      'message.channels',
      'message.groups',
      'message.im',
    ]);
    for (const scope of [
      'app_mentions:read',
      'chat:write',
      'commands',
      'im:history',
      'channels:history',
      'groups:history',
      'files:read',
    ])
      assert.ok(manifest.oauth_config.scopes.bot.includes(scope), scope);
    assert.equal(manifest.features.app_home.home_tab_enabled, true);
    assert.equal(manifest.features.app_home.messages_tab_enabled, true);
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.ok(
      manifest.display_information.long_description.length >= 174,
      "Slack's minimum long description",
    );
  });
});
