/** An append-only Uint32 buffer that doubles as it grows (index building appends tens of millions of values). */
export class GrowableUint32 {
  private buf: Uint32Array;
  length = 0;

  constructor(initial = 1024) {
    this.buf = new Uint32Array(initial);
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = v;
  }

  pushAll(vs: ArrayLike<number>): void {
    if (this.length + vs.length > this.buf.length) this.grow(this.length + vs.length);
    this.buf.set(vs as Uint32Array, this.length);
    this.length += vs.length;
  }

  get(i: number): number {
    return this.buf[i];
  }

  /** A copy trimmed to the length. */
  toArray(): Uint32Array {
    return this.buf.slice(0, this.length);
  }

  /** The values trimmed to the length; the buffer is emptied, so its memory goes at once. */
  takeArray(): Uint32Array {
    const out = this.toArray();
    this.buf = new Uint32Array(0);
    this.length = 0;
    return out;
  }

  private grow(min: number): void {
    let size = this.buf.length * 2;
    while (size < min) size *= 2;
    const next = new Uint32Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}
