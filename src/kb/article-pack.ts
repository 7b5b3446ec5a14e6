/**
 * The articles' bytes as they were indexed, in one file beside the index snapshot, so that an
 * answer shows the version of an article that the index ranked, and a file whose newest
 * version does not parse can stay in service as it was (its previous good bytes are here).
 *
 *   "KBBOTART" | 16-byte nonce | the bytes of doc 0, doc 1, …
 *
 * Where each doc's bytes lie is kept in the snapshot (`packOffsets`), with the nonce, so a pack
 * that does not belong to the snapshot (a crash between the two renames) is never used.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { GrowableUint32 } from '../match/growable.js';

const MAGIC = Buffer.from('KBBOTART', 'latin1');
const HEAD = MAGIC.length + 16;
/** Offsets are 32-bit: a corpus whose bytes pass this is served from its files instead. */
const MAX_PACK_BYTES = 0xffff_ffff - HEAD;

export function packPath(snapshotFile: string): string {
  return `${snapshotFile.replace(/\.bin$/, '')}.articles`;
}

/** Writes a pack as articles are parsed (synchronous appends: it runs on a loading thread). */
export class ArticlePackWriter {
  private readonly fd: number;
  private readonly tmp: string;
  private readonly offsets = new GrowableUint32(1 << 12);
  private readonly nonce = randomBytes(16);
  private size = 0;
  private failed: string | undefined;

  constructor(private readonly file: string) {
    this.tmp = `${file}.${process.pid}.tmp`;
    this.fd = openSync(this.tmp, 'w');
    writeSync(this.fd, MAGIC);
    writeSync(this.fd, this.nonce);
    this.offsets.push(0);
  }

  add(bytes: Uint8Array): void {
    if (this.failed) return;
    if (this.size + bytes.length > MAX_PACK_BYTES) {
      this.failed = 'the articles are larger than 4 GB';
      return;
    }
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at, bytes.length - at);
    this.size += bytes.length;
    this.offsets.push(this.size);
  }

  /** Puts the pack in place; its offsets and nonce go into the snapshot. Throws (and removes it) when it could not be written. */
  commit(): { offsets: Uint32Array; nonce: string } {
    closeSync(this.fd);
    if (this.failed) {
      rmSync(this.tmp, { force: true });
      throw new Error(this.failed);
    }
    renameSync(this.tmp, this.file);
    return { offsets: this.offsets.takeArray(), nonce: this.nonce.toString('hex') };
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    rmSync(this.tmp, { force: true });
  }
}

/** An open pack: doc d's bytes are `offsets[d] .. offsets[d+1]`. */
export class ArticlePack {
  private constructor(
    private readonly fd: number,
    private readonly offsets: Uint32Array,
  ) {}

  /** The pack at `file` if it is the one these offsets and this nonce were written with; otherwise undefined. */
  static open(file: string, offsets: Uint32Array, nonce: string): ArticlePack | undefined {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    const head = Buffer.alloc(HEAD);
    const ok =
      readSync(fd, head, 0, HEAD, 0) === HEAD &&
      head.subarray(0, MAGIC.length).equals(MAGIC) &&
      head.subarray(MAGIC.length).toString('hex') === nonce &&
      fstatSync(fd).size === HEAD + offsets[offsets.length - 1];
    if (ok) return new ArticlePack(fd, offsets);
    closeSync(fd);
    return undefined;
  }

  read(doc: number): Buffer {
    const start = this.offsets[doc];
    const out = Buffer.alloc(this.offsets[doc + 1] - start);
    for (let at = 0; at < out.length; ) {
      const n = readSync(this.fd, out, at, out.length - at, HEAD + start + at);
      if (n === 0) throw new Error('the article pack is truncated');
      at += n;
    }
    return out;
  }

  close(): void {
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
  }
}
