import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatGapReport } from '../../src/store/report.js';
import { storeOptionsFromSettings } from '../../src/store/config.js';
import { loadSettings, type Settings } from '../../src/config/settings.js';

describe('the content-gap report text', () => {
  test('lists unanswered pastes with their count and last day, then the articles marked not helpful', () => {
    const text = formatGapReport({
      unanswered: [
        {
          example: 'Setup failed 0x80070005\n  at step 3',
          count: 12,
          lastAt: new Date('2025-05-30T08:00:00Z'),
        },
        { example: 'x'.repeat(300), count: 3, lastAt: new Date('2025-05-01T08:00:00Z') },
        { example: '   ', count: 1, lastAt: new Date('2025-04-01T08:00:00Z') },
      ],
      notHelpful: [
        { articleId: 'KB214864', count: 7 },
        { articleId: 'KB100', count: 1 },
      ],
    });
    const lines = text.split('\n');
    assert.equal(lines[0], 'Unanswered pastes (alike pastes grouped, most frequent first):');
    assert.equal(lines[1], '  12×  last 2025-05-30  Setup failed 0x80070005 at step 3');
    assert.equal(lines[2], `   3×  last 2025-05-01  ${'x'.repeat(99)}…`);
    assert.equal(lines[3], '   1×  last 2025-04-01  (empty paste)');
    assert.equal(lines[5], 'Articles most often marked not helpful:');
    assert.equal(lines[6], '  7×  KB214864');
    assert.equal(lines[7], '  1×  KB100');
  });

  test('says "none" when there is nothing to report', () => {
    assert.equal(
      formatGapReport({ unanswered: [], notHelpful: [] }),
      'Unanswered pastes (alike pastes grouped, most frequent first):\n  none\n\nArticles most often marked not helpful:\n  none\n',
    );
  });

  test('shows escalations: open, answered, median time to answer, and the newest with who answered', () => {
    const at = new Date('2025-06-01T10:00:00Z');
    const base = { key: 'k', platform: 'slack' as const, userHash: null, guesses: [], posts: [] };
    const text = formatGapReport({
      unanswered: [],
      notHelpful: [],
      escalations: {
        open: 1,
        answered: 1,
        medianAnswerMs: 12 * 60_000,
        recent: [
          { ...base, id: 'aaaaaaaa-1', at, queryText: 'VSS writer timed out', status: 'open' },
          {
            ...base,
            id: 'bbbbbbbb-2',
            at,
            queryText: 'Backup failed',
            status: 'answered',
            answer: {
              at: new Date(at.getTime() + 12 * 60_000),
              by: 'Dana',
              kind: 'article',
              articleId: 'Q214864',
            },
          },
        ],
      },
    });
    const lines = text.trimEnd().split('\n');
    assert.deepEqual(lines.slice(-3), [
      'Handed over to the help desk: 1 open, 1 answered; median time to answer 12 min',
      '  2025-06-01  aaaaaaaa  open  VSS writer timed out',
      '  2025-06-01  bbbbbbbb  answered by Dana in 12 min with Q214864  Backup failed',
    ]);
  });
});

describe('store options from the settings', () => {
  test('defaults to PGlite in .data/pglite with 90 days of retention', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kbbot-env-'));
    try {
      const dataDir = path.join(dir, 'pglite');
      const o = storeOptionsFromSettings(settingsWith({ KB_DATA_DIR: dataDir }));
      assert.equal(o.databaseUrl, undefined);
      assert.equal(o.retentionDays, 90);
      assert.equal(o.keepOnlyIdentifiers, false);
      assert.equal(o.queueLimit, 10_000);
      assert.equal(o.claimTimeoutMs, 1500);
      // A salt is made once, kept private beside the data folder, and reused.
      const saltFile = path.join(dir, 'user-salt');
      assert.ok(existsSync(saltFile));
      assert.equal(statSync(saltFile).mode & 0o077, 0);
      assert.equal(readFileSync(saltFile, 'utf8').trim(), o.salt);
      assert.equal(storeOptionsFromSettings(settingsWith({ KB_DATA_DIR: dataDir })).salt, o.salt);
      assert.equal(
        storeOptionsFromSettings(settingsWith({ KB_USER_SALT: 'sixteen-chars-or-more' })).dataDir,
        '.data/pglite',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads DATABASE_URL and the store settings, and requires a shared salt with a server', () => {
    assert.equal(
      loadSettings({ DATABASE_URL: 'postgres://h/db' }).ok,
      false,
      'the schema refuses DATABASE_URL without KB_USER_SALT',
    );
    const o = storeOptionsFromSettings(
      settingsWith({
        DATABASE_URL: 'postgres://h/db',
        KB_USER_SALT: 'pepper-pepper-pepper',
        KB_RETENTION_DAYS: '7',
        KB_KEEP_ONLY_IDENTIFIERS: 'true',
        KB_STORE_QUEUE_LIMIT: '50',
        KB_CLAIM_TIMEOUT_MS: '250',
      }),
    );
    assert.deepEqual(
      [o.databaseUrl, o.salt, o.retentionDays, o.keepOnlyIdentifiers, o.queueLimit, o.claimTimeoutMs],
      ['postgres://h/db', 'pepper-pepper-pepper', 7, true, 50, 250],
    );
    const bad = loadSettings({ KB_RETENTION_DAYS: 'soon', KB_STORE_QUEUE_LIMIT: '0' });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.message, /KB_RETENTION_DAYS: must be a whole number of days/);
    assert.match(bad.ok ? '' : bad.message, /KB_STORE_QUEUE_LIMIT: must be at least 1/);
  });
});

/** Validated settings from a few variables (the rest default). */
function settingsWith(env: Record<string, string>): Settings {
  const r = loadSettings(env);
  if (!r.ok) throw new Error(r.message);
  return r.settings;
}
