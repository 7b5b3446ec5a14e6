import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { IndexBuilder } from '../../src/match/build-index.js';
import { Matcher } from '../../src/match/matcher.js';
import {
  SNAPSHOT_VERSION,
  contentKey,
  readSnapshot,
  snapshotPath,
  writeSnapshot,
} from '../../src/kb/index-snapshot.js';
import { listContentFiles, loadCorpus } from '../../src/corpus/load-corpus.js';
import { KnowledgeBase } from '../../src/kb/knowledge-base.js';
import type { IndexData } from '../../src/match/index-types.js';
import { GOLDEN_CORPUS_DIR, removeTemp, writeTempCorpus } from '../fixtures/fixture-files.js';

/** The index as plain values, typed arrays as number arrays, so two indexes compare by content. */
function plain(ix: IndexData): unknown {
  const arr = (a: ArrayLike<number>) => Array.from(a);
  return {
    docs: ix.docs,
    terms: ix.terms,
    body: {
      offsets: arr(ix.body.offsets),
      docs: arr(ix.body.docs),
      tf: arr(ix.body.tf),
      lengths: arr(ix.body.lengths),
    },
    title: {
      offsets: arr(ix.title.offsets),
      docs: arr(ix.title.docs),
      tf: arr(ix.title.tf),
      lengths: arr(ix.title.lengths),
    },
    seq: arr(ix.seq),
    seqOffsets: arr(ix.seqOffsets),
    problemLengths: arr(ix.problemLengths),
    problem: {
      offsets: arr(ix.problem.offsets),
      docs: arr(ix.problem.docs),
      tf: arr(ix.problem.tf),
      lengths: arr(ix.problem.lengths),
    },
    stemRings: arr(ix.stemRings),
    identKeys: ix.identKeys,
    ident: { offsets: arr(ix.ident.offsets), docs: arr(ix.ident.docs) },
  };
}

const MAGIC_LENGTH = 8;

/** Rewrite a snapshot's JSON header (the arrays stay as they are). */
async function editHeader(file: string, edit: (h: Record<string, unknown>) => void): Promise<void> {
  const bytes = await readFile(file);
  const len = bytes.readUInt32LE(MAGIC_LENGTH);
  const header = JSON.parse(bytes.toString('utf8', MAGIC_LENGTH + 4, MAGIC_LENGTH + 4 + len)) as Record<
    string,
    unknown
  >;
  const body = bytes.subarray((MAGIC_LENGTH + 4 + len + 7) & ~7);
  edit(header);
  const hb = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc((MAGIC_LENGTH + 4 + hb.length + 7) & ~7);
  bytes.copy(prefix, 0, 0, MAGIC_LENGTH);
  prefix.writeUInt32LE(hb.length, MAGIC_LENGTH);
  hb.copy(prefix, MAGIC_LENGTH + 4);
  await writeFile(file, Buffer.concat([prefix, body]));
}

describe('index snapshot', () => {
  let dir: string;
  let index: IndexData;
  let key: string;
  const report = { root: GOLDEN_CORPUS_DIR, articles: 13, byFormat: { markdown: 4 }, problems: [] };

  before(async () => {
    dir = await writeTempCorpus({}, 'kbbot-snapshot-');
    const builder = new IndexBuilder();
    await loadCorpus(GOLDEN_CORPUS_DIR, { keep: false, onArticle: (a) => builder.add(a) });
    index = builder.finish();
    key = contentKey(await listContentFiles(GOLDEN_CORPUS_DIR));
  });
  after(() => removeTemp(dir));

  const fresh = async (name: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeSnapshot(file, index, key, report);
    return file;
  };

  test('is written and read back equal, with its extra value', async () => {
    const file = await fresh('equal.bin');
    const snap = await readSnapshot(file, key);
    assert.ok(snap.index, 'reason' in snap ? snap.reason : '');
    assert.deepEqual(plain(snap.index), plain(index));
    assert.deepEqual(snap.extra, report);
  });

  test('ranks the same from the snapshot as from the index it was made from', async () => {
    const snap = await readSnapshot(await fresh('rank.bin'), key);
    assert.ok(snap.index);
    const q = 'Unable to bind to port 143 on the IMAP4 interface. Error 10048.';
    assert.deepEqual(new Matcher(snap.index).match(q).results, new Matcher(index).match(q).results);
  });

  test('leaves no temporary file beside the snapshot', async () => {
    const file = await fresh('tmp.bin');
    await assert.rejects(stat(`${file}.${process.pid}.tmp`), { code: 'ENOENT' });
  });

  test('is refused when the content key differs', async () => {
    const snap = await readSnapshot(await fresh('key.bin'), 'another-key');
    assert.equal(snap.index, undefined);
    assert.equal('reason' in snap && snap.reason, 'content changed since the snapshot was made');
  });

  test('is refused when the format version differs', async () => {
    const file = await fresh('version.bin');
    await editHeader(file, (h) => (h.version = SNAPSHOT_VERSION + 1));
    const snap = await readSnapshot(file, key);
    assert.equal(snap.index, undefined);
    assert.equal(
      'reason' in snap && snap.reason,
      `snapshot is from format ${SNAPSHOT_VERSION + 1}, this is ${SNAPSHOT_VERSION}`,
    );
  });

  test('is read when only the header is rewritten the same way (the edit helper itself keeps snapshots valid)', async () => {
    const file = await fresh('rewritten.bin');
    await editHeader(file, () => {});
    assert.ok((await readSnapshot(file, key)).index);
  });

  test('is refused when one byte of the arrays is flipped (digest mismatch)', async () => {
    const file = await fresh('flip.bin');
    const bytes = await readFile(file);
    bytes[bytes.length - 5] ^= 0x01;
    await writeFile(file, bytes);
    const snap = await readSnapshot(file, key);
    assert.equal(snap.index, undefined);
    assert.equal('reason' in snap && snap.reason, 'snapshot is corrupt (digest mismatch)');
  });

  test('is refused when truncated, in the arrays or in the header', async () => {
    const file = await fresh('truncated.bin');
    const bytes = await readFile(file);
    for (const keep of [bytes.length - 8, Math.floor(bytes.length / 2), 40, 10, 0]) {
      await writeFile(file, bytes.subarray(0, keep));
      const snap = await readSnapshot(file, key);
      assert.equal(snap.index, undefined, `kept ${keep} bytes`);
      assert.ok(
        'reason' in snap && /corrupt|not a kbbot snapshot/.test(snap.reason),
        `kept ${keep} bytes: ${'reason' in snap ? snap.reason : ''}`,
      );
    }
  });

  test('is refused when the file is not a snapshot, and says so when there is none', async () => {
    const file = path.join(dir, 'other.bin');
    await writeFile(file, 'hello, this is not an index at all');
    assert.equal((await readSnapshot(file, key)).index, undefined);
    const none = await readSnapshot(path.join(dir, 'missing.bin'), key);
    assert.equal('reason' in none && none.reason, 'no snapshot yet');
  });

  test('has a content key that changes with a file size, time or path, and a path per content folder', () => {
    const files = [{ source: 'a.txt', size: 10, mtimeMs: 1000 }];
    const k = contentKey(files);
    assert.equal(contentKey([{ ...files[0] }]), k);
    assert.notEqual(contentKey([{ ...files[0], size: 11 }]), k);
    assert.notEqual(contentKey([{ ...files[0], mtimeMs: 1001 }]), k);
    assert.notEqual(contentKey([{ ...files[0], source: 'b.txt' }]), k);
    assert.notEqual(snapshotPath('/cache', '/content/a'), snapshotPath('/cache', '/content/b'));
    assert.equal(path.dirname(snapshotPath('/cache', '/content/a')), '/cache');
  });
});

describe('KnowledgeBase with a snapshot', () => {
  let cache: string;
  before(async () => {
    cache = await writeTempCorpus({}, 'kbbot-cache-');
  });
  after(() => removeTemp(cache));

  test('writes the snapshot on first open and starts from it on the second, with the same answers and report', async () => {
    const infos: string[] = [];
    const first = await KnowledgeBase.open({
      contentDir: GOLDEN_CORPUS_DIR,
      cacheDir: cache,
      snapshotMinFiles: 1,
      onInfo: (m) => infos.push(m),
    });
    assert.equal(first.fromSnapshot, false);
    assert.deepEqual(infos, ['building the index: no snapshot yet']);
    await stat(snapshotPath(cache, GOLDEN_CORPUS_DIR));
    const second = await KnowledgeBase.open({
      contentDir: GOLDEN_CORPUS_DIR,
      cacheDir: cache,
      snapshotMinFiles: 1,
    });
    assert.equal(second.fromSnapshot, true);
    assert.deepEqual(second.report, first.report);
    const q = 'event id 2102 from MSExchangeDSAccess';
    assert.deepEqual(second.match(q).results, first.match(q).results);
    assert.equal(
      (await second.article('KB900111'))?.title,
      'Event ID 2102 from MSExchangeDSAccess: All Domain Controller Servers Are Not Responding',
    );
  });

  test('does not write a snapshot for a corpus below snapshotMinFiles', async () => {
    const small = await writeTempCorpus({}, 'kbbot-cache-small-');
    try {
      const kb = await KnowledgeBase.open({
        contentDir: GOLDEN_CORPUS_DIR,
        cacheDir: small,
        snapshotMinFiles: 500,
      });
      assert.equal(kb.fromSnapshot, false);
      await assert.rejects(stat(snapshotPath(small, GOLDEN_CORPUS_DIR)), { code: 'ENOENT' });
    } finally {
      await removeTemp(small);
    }
  });
});
