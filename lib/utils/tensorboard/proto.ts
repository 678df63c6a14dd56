// A small protocol buffers writer for the few messages TensorBoard reads (Event, Summary, GraphDef, the plugins'
// data). Fields are written in field-number order, as protobuf's own serializers do; callers leave proto3 fields
// at their default out (undefined) and always write fields that belong to a oneof. Why hand-written rather than a
// protobuf package: docs/decisions.md.

const utf8 = new TextEncoder();

/** One message under construction: `new Proto().double(1, t).int64(2, step).message(5, summary).bytes()`. */
export class Proto {
  private chunks: Uint8Array[] = [];
  private scratch: number[] = [];
  private size = 0;

  private flushScratch(): void {
    if (this.scratch.length > 0) {
      this.chunks.push(Uint8Array.from(this.scratch));
      this.size += this.scratch.length;
      this.scratch = [];
    }
  }
  private raw(b: Uint8Array): void {
    this.flushScratch();
    this.chunks.push(b);
    this.size += b.length;
  }
  private varint(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && v <= 0x7fffffff) {
      while (v > 0x7f) {
        this.scratch.push((v & 0x7f) | 0x80);
        v >>>= 7;
      }
      this.scratch.push(v);
      return;
    }
    // int64 / uint64 (negative numbers as their 64-bit two's complement: 10 bytes)
    let b = BigInt.asUintN(64, BigInt(v));
    while (b > 0x7fn) {
      this.scratch.push(Number(b & 0x7fn) | 0x80);
      b >>= 7n;
    }
    this.scratch.push(Number(b));
  }
  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** int32 / int64 / uint32 / uint64 / enum / bool */
  int(field: number, v: number | bigint | boolean | undefined): this {
    if (v === undefined) return this;
    this.tag(field, 0);
    this.varint(typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? Math.trunc(v) : v);
    return this;
  }
  double(field: number, v: number | undefined): this {
    if (v === undefined) return this;
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.raw(b);
    return this;
  }
  float(field: number, v: number | undefined): this {
    if (v === undefined) return this;
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.raw(b);
    return this;
  }
  /** string (UTF-8) or bytes */
  bytes(field: number, v: string | Uint8Array | undefined): this {
    if (v === undefined) return this;
    const b = typeof v === 'string' ? utf8.encode(v) : v;
    this.tag(field, 2);
    this.varint(b.length);
    this.raw(b);
    return this;
  }
  message(field: number, m: Proto | undefined): this {
    if (m === undefined) return this;
    return this.bytes(field, m.finish());
  }
  /** repeated message / string / bytes */
  repeated<T>(field: number, items: Iterable<T> | undefined, each: (x: T) => Proto | string | Uint8Array): this {
    if (items === undefined) return this;
    for (const x of items) {
      const m = each(x);
      if (m instanceof Proto) this.message(field, m);
      else this.bytes(field, m);
    }
    return this;
  }
  /** packed repeated double (omitted when empty, as proto3) */
  packedDouble(field: number, vs: ArrayLike<number> | undefined): this {
    if (vs === undefined || vs.length === 0) return this;
    const b = new Uint8Array(vs.length * 8);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat64(i * 8, vs[i], true);
    this.tag(field, 2);
    this.varint(b.length);
    this.raw(b);
    return this;
  }
  /** packed repeated float */
  packedFloat(field: number, vs: ArrayLike<number> | undefined): this {
    if (vs === undefined || vs.length === 0) return this;
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < vs.length; i++) dv.setFloat32(i * 4, vs[i], true);
    this.tag(field, 2);
    this.varint(b.length);
    this.raw(b);
    return this;
  }
  /** packed repeated varints (int32, int64, uint32, bool, enum) */
  packedVarint(field: number, vs: ArrayLike<number | bigint | boolean> | undefined): this {
    if (vs === undefined || vs.length === 0) return this;
    const inner = new Proto();
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i];
      inner.varint(typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? Math.trunc(v) : v);
    }
    return this.bytes(field, inner.finish());
  }

  get length(): number {
    return this.size + this.scratch.length;
  }
  finish(): Uint8Array {
    this.flushScratch();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.chunks = [out];
    return out;
  }
}

/** proto3's rule for a singular scalar outside a oneof: the default value is not written. */
export function nz<T extends number | bigint | string | boolean>(v: T | undefined | null): T | undefined {
  if (v === undefined || v === null || v === 0 || v === 0n || v === '' || v === false) return undefined;
  return v;
}
