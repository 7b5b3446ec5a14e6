import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatGapReport } from '../../src/store/report.js';
import { storeOptionsFromEnv } from '../../src/store/config.js';

describe('the content-gap report text', () => {
  test('lists unanswered pastes with their count and last day, then the articles marked not helpful', () => {
    const text = formatGapReport({
      unanswered: [
        { example: 'Setup failed 0x80070005\n  at step 3', count: 12, lastAt: new Date('2025-05-30T08:00:00Z') },
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
});

describe('store options from the environment', () => {
  test('defaults to PGlite in .data/pglite with 90 days of retention', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kbbot-env-'));
    try {
      const dataDir = path.join(dir, 'pglite');
      const o = storeOptionsFromEnv({ KBBOT_DATA_DIR: dataDir });
      assert.equal(o.databaseUrl, undefined);
      assert.equal(o.retentionDays, 90);
      assert.equal(o.keepOnlyIdentifiers, false);
      // A salt is made once, kept private beside the data folder, and reused.
      const saltFile = path.join(dir, 'user-salt');
      assert.ok(existsSync(saltFile));
      assert.equal(statSync(saltFile).mode & 0o077, 0);
      assert.equal(readFileSync(saltFile, 'utf8').trim(), o.salt);
      assert.equal(storeOptionsFromEnv({ KBBOT_DATA_DIR: dataDir }).salt, o.salt);
      assert.equal(storeOptionsFromEnv({ KBBOT_USER_SALT: 's' }).dataDir, '.data/pglite');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reads DATABASE_URL and the settings, and requires a shared salt with a server', () => {
    assert.throws(() => storeOptionsFromEnv({ DATABASE_URL: 'postgres://h/db' }), /KBBOT_USER_SALT/);
    const o = storeOptionsFromEnv({
      DATABASE_URL: 'postgres://h/db',
      KBBOT_USER_SALT: 'pepper',
      KBBOT_RETENTION_DAYS: '7',
      KBBOT_KEEP_ONLY_IDENTIFIERS: 'true',
      KBBOT_STORE_QUEUE_LIMIT: '50',
      KBBOT_CLAIM_TIMEOUT_MS: '250',
    });
    assert.deepEqual(
      [o.databaseUrl, o.salt, o.retentionDays, o.keepOnlyIdentifiers, o.queueLimit, o.claimTimeoutMs],
      ['postgres://h/db', 'pepper', 7, true, 50, 250],
    );
    assert.throws(() => storeOptionsFromEnv({ KBBOT_USER_SALT: 's', KBBOT_RETENTION_DAYS: 'soon' }), /KBBOT_RETENTION_DAYS/);
  });
});
