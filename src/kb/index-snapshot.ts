import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { IndexData } from '../match/index-types.js';
import type { ContentFile } from '../corpus/load-corpus.js';

/**
 * The index on disk, so a large corpus starts in seconds instead of being parsed again.
 *
 *   "KBBOTIDX" | u32 header length | header JSON | pad to 8 | arrays, each 8-aligned
 *
 * The header carries the format version, the content key (what the content folder holds),
 * a SHA-256 of the array bytes, and where each array lies. A snapshot from another version,
 * of other content, or whose bytes do not hash to the header's digest is not used.
 */
const MAGIC = 'KBBOTIDX';
/** Bump when the parsers, the tokenizer or the layout change: old snapshots are then rebuilt. */
export const SNAPSHOT_VERSION = 11;

type ArrayName =
  | 'bodyOffsets'
  | 'bodyDocs'
  | 'bodyTf'
  | 'bodyLengths'
  | 'titleOffsets'
  | 'titleDocs'
  | 'titleTf'
  | 'titleLengths'
  | 'seq'
  | 'seqOffsets'
  | 'problemLengths'
  | 'problemOffsets'
  | 'problemDocs'
  | 'problemTf'
  | 'problemWords'
  | 'stemRings'
  | 'identOffsets'
  | 'identDocs'
  | 'packOffsets'
  | 'commonSentences';
type TypedArray = Uint32Array | Uint16Array;

interface Header {
  version: number;
  contentKey: string;
  digest: string;
  docs: IndexData['docs'];
  terms: string[];
  identKeys: string[];
  packNonce?: string;
  arrays: Array<{ name: ArrayName; type: 'u32' | 'u16'; offset: number; length: number }>;
  /** What else the loader wants back with the index (the load report). */
  extra?: unknown;
}

/** What the content holds, as far as the index cares: every file's path, size and modification time. */
export function contentKey(files: ContentFile[], extra = ''): string {
  const h = createHash('sha256');
  h.update(`v${SNAPSHOT_VERSION}\n${extra}\n`);
  for (const f of files) h.update(`${f.source}\t${f.size}\t${f.mtimeMs}\n`);
  return h.digest('hex');
}

/** Where the snapshot of a content folder lives inside the cache folder. */
export function snapshotPath(cacheDir: string, contentRoot: string): string {
  const id = createHash('sha256').update(path.resolve(contentRoot)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `index-${id}.bin`);
}

function arraysOf(ix: IndexData): Array<[ArrayName, TypedArray]> {
  return [
    ['bodyOffsets', ix.body.offsets],
    ['bodyDocs', ix.body.docs],
    ['bodyTf', ix.body.tf],
    ['bodyLengths', ix.body.lengths],
    ['titleOffsets', ix.title.offsets],
    ['titleDocs', ix.title.docs],
    ['titleTf', ix.title.tf],
    ['titleLengths', ix.title.lengths],
    ['seq', ix.seq],
    ['seqOffsets', ix.seqOffsets],
    ['problemLengths', ix.problemLengths],
    ['problemOffsets', ix.problem.offsets],
    ['problemDocs', ix.problem.docs],
    ['problemTf', ix.problem.tf],
    ['problemWords', ix.problem.lengths],
    ['stemRings', ix.stemRings],
    ['identOffsets', ix.ident.offsets],
    ['identDocs', ix.ident.docs],
    ...(ix.packOffsets ? [['packOffsets', ix.packOffsets] as [ArrayName, TypedArray]] : []),
    ...(ix.commonSentences ? [['commonSentences', ix.commonSentences] as [ArrayName, TypedArray]] : []),
  ];
}

/**
 * Writes the snapshot array by array from the index's own memory: no second copy of the index
 * is made (the full archive's arrays are ~150 MB, and building must stay under 1 GB).
 */
export async function writeSnapshot(
  file: string,
  ix: IndexData,
  key: string,
  extra?: unknown,
): Promise<void> {
  const arrays = arraysOf(ix);
  const layout: Header['arrays'] = [];
  const digest = createHash('sha256');
  let offset = 0;
  for (const [name, a] of arrays) {
    layout.push({ name, type: a instanceof Uint16Array ? 'u16' : 'u32', offset, length: a.length });
    digest.update(bytesOf(a)).update(PADDING.subarray(0, padding(a.byteLength)));
    offset += align8(a.byteLength);
  }
  const header: Header = {
    version: SNAPSHOT_VERSION,
    contentKey: key,
    digest: digest.digest('hex'),
    docs: ix.docs,
    terms: ix.terms,
    identKeys: ix.identKeys,
    packNonce: ix.packNonce,
    arrays: layout,
    extra,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(align8(MAGIC.length + 4 + headerBytes.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(prefix, MAGIC.length + 4);
  await mkdir(path.dirname(file), { recursive: true });
  // Write aside and rename, so a crash never leaves a half-written snapshot under the real name.
  const tmp = `${file}.${process.pid}.tmp`;
  const out = await open(tmp, 'w');
  try {
    await writeAll(out, prefix);
    for (const [, a] of arrays) {
      await writeAll(out, bytesOf(a));
      await writeAll(out, PADDING.subarray(0, padding(a.byteLength)));
    }
    await out.sync();
  } catch (e) {
    await out.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await out.close();
  await rename(tmp, file);
}

const PADDING = new Uint8Array(8);

function padding(n: number): number {
  return align8(n) - n;
}

function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    const { bytesWritten } = await fh.write(bytes, at, bytes.length - at);
    at += bytesWritten;
  }
}

async function readAll(fh: FileHandle, into: Uint8Array, position: number): Promise<void> {
  for (let at = 0; at < into.length; ) {
    const { bytesRead } = await fh.read(into, at, into.length - at, position + at);
    if (bytesRead === 0) throw new Error('snapshot is truncated');
    at += bytesRead;
  }
}

export type SnapshotResult = { index: IndexData; extra?: unknown } | { index?: undefined; reason: string };

/**
 * Read a snapshot if it is for this content and intact. The arrays are copied into one
 * SharedArrayBuffer so worker threads can use them without another copy.
 */
export async function readSnapshot(file: string, key: string): Promise<SnapshotResult> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch {
    return { reason: 'no snapshot yet' };
  }
  try {
    const size = (await fh.stat()).size;
    const lead = Buffer.alloc(MAGIC.length + 4);
    if (size < lead.length) return { reason: 'not a kbbot snapshot' };
    await readAll(fh, lead, 0);
    if (lead.toString('latin1', 0, MAGIC.length) !== MAGIC) return { reason: 'not a kbbot snapshot' };
    const headerLength = lead.readUInt32LE(MAGIC.length);
    if (lead.length + headerLength > size) return { reason: 'snapshot is corrupt (truncated header)' };
    const headerBytes = Buffer.alloc(headerLength);
    await readAll(fh, headerBytes, lead.length);
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    if (header.version !== SNAPSHOT_VERSION)
      return { reason: `snapshot is from format ${header.version}, this is ${SNAPSHOT_VERSION}` };
    if (header.contentKey !== key) return { reason: 'content changed since the snapshot was made' };
    const start = align8(lead.length + headerLength);
    // Read straight into shared memory: one copy of the arrays, visible to every worker thread.
    const shared = new SharedArrayBuffer(size - start);
    const body = new Uint8Array(shared);
    await readAll(fh, body, start);
    if (createHash('sha256').update(body).digest('hex') !== header.digest)
      return { reason: 'snapshot is corrupt (digest mismatch)' };
    const get = (name: ArrayName): TypedArray => {
      const a = header.arrays.find((x) => x.name === name);
      if (!a) throw new Error(`snapshot lacks ${name}`);
      return a.type === 'u16'
        ? new Uint16Array(shared, a.offset, a.length)
        : new Uint32Array(shared, a.offset, a.length);
    };
    /** A BM25 field's postings, counts and per-document lengths. */
    const field = <L extends TypedArray>(name: 'body' | 'title' | 'problem', lengths: L) => ({
      offsets: get(`${name}Offsets`) as Uint32Array,
      docs: get(`${name}Docs`) as Uint32Array,
      tf: get(`${name}Tf`) as Uint16Array,
      lengths,
    });
    const index: IndexData = {
      docs: header.docs,
      terms: header.terms,
      body: field('body', get('bodyLengths') as Uint32Array),
      title: field('title', get('titleLengths') as Uint16Array),
      seq: get('seq') as Uint32Array,
      seqOffsets: get('seqOffsets') as Uint32Array,
      problemLengths: get('problemLengths') as Uint32Array,
      problem: field('problem', get('problemWords') as Uint32Array),
      stemRings: get('stemRings') as Uint32Array,
      identKeys: header.identKeys,
      ident: { offsets: get('identOffsets') as Uint32Array, docs: get('identDocs') as Uint32Array },
    };
    if (header.packNonce && header.arrays.some((x) => x.name === 'packOffsets')) {
      index.packOffsets = get('packOffsets') as Uint32Array;
      index.packNonce = header.packNonce;
    }
    if (header.arrays.some((x) => x.name === 'commonSentences'))
      index.commonSentences = get('commonSentences') as Uint32Array;
    validate(index);
    return { index, extra: header.extra };
  } catch (e) {
    return { reason: `snapshot is corrupt (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    await fh.close();
  }
}

/** Cheap structural checks, so a snapshot that hashes right but was written by a buggy build still fails loudly here. */
function validate(ix: IndexData): void {
  const n = ix.docs.length;
  if (ix.body.offsets.length !== ix.terms.length + 1)
    throw new Error('body offsets do not match the vocabulary');
  if (
    ix.seqOffsets.length !== n + 1 ||
    ix.body.lengths.length !== n ||
    ix.problemLengths.length !== n ||
    ix.problem.lengths.length !== n
  )
    throw new Error('per-document arrays do not match the document count');
  if (ix.problem.offsets.length !== ix.terms.length + 1 || ix.stemRings.length !== ix.terms.length)
    throw new Error('problem postings or word families do not match the vocabulary');
  if (ix.problem.offsets[ix.terms.length] !== ix.problem.docs.length)
    throw new Error('problem postings are truncated');
  if (ix.ident.offsets.length !== ix.identKeys.length + 1)
    throw new Error('identifier offsets do not match the keys');
  if (ix.body.offsets[ix.terms.length] !== ix.body.docs.length)
    throw new Error('body postings are truncated');
  if (ix.packOffsets && ix.packOffsets.length !== n + 1)
    throw new Error('article pack offsets do not match the document count');
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
