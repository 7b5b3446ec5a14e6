import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadSettings, SettingsSchema } from '../../src/config/settings.js';
import {
  ENV_EXAMPLE_PATH,
  README_PATH,
  settingRows,
  withSettingComments,
  withSettingsTable,
} from '../../scripts/docs-settings.js';

function settingsOf(env: Record<string, string>) {
  const r = loadSettings(env);
  assert.ok(r.ok, r.ok ? '' : r.message);
  return r.settings;
}

describe('settings', () => {
  test('with none set, kbbot serves the package content on port 3978', () => {
    const s = settingsOf({});
    assert.equal(s.PORT, 3978);
    assert.equal(s.KB_CONTENT_DIR, path.join(PACKAGE_ROOT, 'content'));
    assert.equal(s.LOG_LEVEL, 'info');
    assert.equal(s.KB_WATCH, true);
    assert.equal(s.SLACK_BOT_TOKEN, undefined);
    assert.equal(s.MicrosoftAppId, undefined);
  });

  test('a blank value counts as unset, and values are trimmed', () => {
    const s = settingsOf({ PORT: ' ', SLACK_COMMAND: '', KB_RETENTION_DAYS: ' 30 ', KB_WATCH: 'off' });
    assert.equal(s.PORT, 3978);
    assert.equal(s.SLACK_COMMAND, '/kb');
    assert.equal(s.KB_RETENTION_DAYS, 30);
    assert.equal(s.KB_WATCH, false);
  });

  test('every bad setting is named with what it must be, and secrets are not echoed', () => {
    const r = loadSettings({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      KB_CONTENT_DIR: '/no/such/folder',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      DATABASE_URL: 'mysql://u:pw@h/db',
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map((p) => p.name).sort(), [
      'DATABASE_URL',
      'KB_CONTENT_DIR',
      'LOG_LEVEL',
      'PORT',
      'SLACK_BOT_TOKEN',
    ]);
    assert.match(r.message, /PORT: must be a port number from 0 to 65535 \(got "eighty"\)/);
    assert.match(r.message, /KB_CONTENT_DIR: \/no\/such\/folder is not a folder kbbot can read/);
    assert.match(r.message, /SLACK_BOT_TOKEN: must be a bot token \(starts with xoxb-\) \(value hidden\)/);
    assert.ok(
      !r.message.includes('xoxp-user-token') && !r.message.includes('pw@h'),
      'no secret in the message',
    );
  });

  test('settings that need each other are checked together', () => {
    const r = loadSettings({
      DATABASE_URL: 'postgres://kb@db/kbbot',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
    });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.problems.map((p) => p.name).sort(), [
      'KB_USER_SALT',
      'MicrosoftAppId',
      'MicrosoftAppTenantId',
    ]);
  });

  test('.env.example lists every setting of the schema, and as it is starts kbbot', () => {
    const names = Object.keys(SettingsSchema.shape).sort();
    const example = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
    const listed = [...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]).sort();
    assert.deepEqual(listed, names);
    assert.ok(
      settingsOf(Object.fromEntries(listed.map((n) => [n, '']))),
      'the example as it is starts kbbot',
    );
  });

  test('the README table and .env.example say what the schema says (npm run docs:settings rewrites them)', () => {
    const rows = settingRows();
    assert.deepEqual(
      rows.map((r) => r.name),
      Object.keys(SettingsSchema.shape),
    );
    const readme = readFileSync(README_PATH, 'utf8');
    assert.equal(readme, withSettingsTable(readme, rows), 'README.md: run npm run docs:settings');
    const example = readFileSync(ENV_EXAMPLE_PATH, 'utf8');
    assert.equal(example, withSettingComments(example, rows), '.env.example: run npm run docs:settings');
  });

  test('a default shown in the docs is the one the schema applies', () => {
    const defaults = settingsOf({});
    const shown = Object.fromEntries(settingRows().map((r) => [r.name, r.default]));
    assert.equal(shown.PORT, String(defaults.PORT));
    assert.equal(shown.KB_RETENTION_DAYS, String(defaults.KB_RETENTION_DAYS));
    assert.equal(shown.KB_WATCH, String(defaults.KB_WATCH));
    assert.equal(shown.KB_CONTENT_DIR, 'content/');
    assert.equal(defaults.KB_CONTENT_DIR, path.join(PACKAGE_ROOT, 'content'));
  });
});
