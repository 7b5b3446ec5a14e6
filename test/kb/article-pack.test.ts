import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ArticlePack, ArticlePackWriter } from '../../src/kb/article-pack.js';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix));
}

test("a pack gives back each document's bytes, and is refused with another nonce or a wrong size", async () => {
  const dir = await tempDir('kbbot-pack-');
  try {
    const file = path.join(dir, 'index-x.articles');
    const w = new ArticlePackWriter(file);
    const docs = [Buffer.from('first article'), Buffer.alloc(0), Buffer.from('Ünïcödé bytes \r\n', 'latin1')];
    for (const d of docs) w.add(d);
    const { offsets, nonce } = w.commit();
    assert.deepEqual([...offsets], [0, 13, 13, 29]);
    const pack = ArticlePack.open(file, offsets, nonce);
    assert.ok(pack);
    for (const [i, d] of docs.entries()) assert.deepEqual(pack.read(i), d);
    pack.close();
    assert.equal(ArticlePack.open(file, offsets, '00'.repeat(16)), undefined, "another snapshot's pack");
    assert.equal(
      ArticlePack.open(file, Uint32Array.from([0, 13, 13, 30]), nonce),
      undefined,
      'sizes that do not add up',
    );
    await truncate(file, 30);
    assert.equal(ArticlePack.open(file, offsets, nonce), undefined, 'a truncated pack');
    assert.equal(ArticlePack.open(path.join(dir, 'missing.articles'), offsets, nonce), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a snapshot corpus answers from its pack: the version that was indexed, also after the file changed on disk', async () => {
  const content = await tempDir('kbbot-pack-content-');
  const cache = await tempDir('kbbot-pack-cache-');
  try {
    await cp(path.join(PACKAGE_ROOT, 'content'), content, { recursive: true });
    const kb = await KnowledgeBase.open({ contentDir: content, cacheDir: cache, snapshotMinFiles: 1 });
    const runbook = path.join(content, 'runbooks', 'ldap-ssl-port-636.md');
    const original = await readFile(runbook, 'utf8');
    await writeFile(runbook, original.replace(/^title: .*$/m, 'title: Edited on disk'));
    assert.notEqual((await kb.article('RB-LDAP-636'))?.title, 'Edited on disk');
    assert.equal(kb.bytesOf('runbooks/ldap-ssl-port-636.md')?.toString('utf8'), original);

    // A reload in which the file no longer parses keeps the previous version, reported as kept;
    // a restart over the same files finds that snapshot and still serves it.
    await writeFile(runbook, '---\ntitle: [unclosed\n---\n');
    const reloaded = await KnowledgeBase.open({
      contentDir: content,
      cacheDir: cache,
      snapshotMinFiles: 1,
      previous: kb,
    });
    assert.equal(reloaded.fromSnapshot, false);
    assert.equal((await reloaded.article('RB-LDAP-636'))?.id, 'RB-LDAP-636');
    assert.deepEqual(
      reloaded.report.problems.map((p) => [p.file, p.keptPrevious]),
      [['runbooks/ldap-ssl-port-636.md', true]],
    );
    const restarted = await KnowledgeBase.open({ contentDir: content, cacheDir: cache, snapshotMinFiles: 1 });
    assert.equal(restarted.fromSnapshot, true);
    assert.equal((await restarted.article('RB-LDAP-636'))?.id, 'RB-LDAP-636');
    assert.equal(restarted.report.problems[0]?.keptPrevious, true);
    for (const k of [kb, reloaded, restarted]) k.close();
  } finally {
    await rm(content, { recursive: true, force: true });
    await rm(cache, { recursive: true, force: true });
  }
});
