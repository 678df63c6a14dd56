// The pickler of torch.save: JavaScript values -> a protocol 2 pickle that Python's torch.load(weights_only=True)
// reads, with the opcodes Python's own pickler emits for the same values. Objects that appear twice are written
// once and referenced (the memo), so shared values stay shared; tensors become persistent ids naming storages
// (the caller decides each storage's record key).
import { Tensor } from '../../tensor/tensor';
import { dtype } from '../../dtype';
import { device } from '../../device';
import { COMPLEX, FLOATS, ORDERED, PyFloat, SIZE, TUPLE } from './values';
import { PY_DTYPES, STORAGE_DTYPES } from './unpickler';

/** How the pickler writes a tensor: its storage's record and the rebuild arguments. */
export interface TensorRecord {
  key: string;
  /** the storage's Python type: 'FloatStorage'... for typed storages, 'UntypedStorage' for the newer dtypes */
  storageType: string;
  location: string;
  /** the storage's element count (in elements of the storage type) */
  numel: number;
  offset: number;
  size: number[];
  stride: number[];
  requires_grad: boolean;
  dtype: dtype;
  conj: boolean;
  parameter: boolean;
}

export interface PickleOptions {
  /** Describes a tensor for the pickle (registers its storage). */
  tensor(t: Tensor): TensorRecord;
}

const PY_DTYPE_NAMES = new Map<dtype, string>(Object.entries(PY_DTYPES).map(([k, v]) => [v, k]));
const TYPED_STORAGE_OF = new Map<dtype, string>();
for (const [name, d] of Object.entries(STORAGE_DTYPES)) if (name !== 'UntypedStorage') TYPED_STORAGE_OF.set(d, name);
/** The typed storage class Python writes for a dtype, or null for the dtypes written untyped (_rebuild_tensor_v3). */
export function typedStorageName(d: dtype): string | null {
  return TYPED_STORAGE_OF.get(d) ?? null;
}

class Writer {
  private chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  byte(b: number): void {
    if (this.pos === this.cur.length) this.flush();
    this.cur[this.pos++] = b;
  }
  bytes(b: Uint8Array): void {
    if (b.length > this.cur.length - this.pos) {
      this.flush();
      if (b.length > this.cur.length) {
        this.chunks.push(Buffer.from(b));
        return;
      }
    }
    this.cur.set(b, this.pos);
    this.pos += b.length;
  }
  u32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(v >>> 0);
    this.bytes(b);
  }
  private flush(): void {
    this.chunks.push(Buffer.from(this.cur.subarray(0, this.pos)));
    this.cur = Buffer.allocUnsafe(1 << 16);
    this.pos = 0;
  }
  result(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
}

const MAX_DEPTH = 1000;

/** Pickles value (protocol 2). Throws a TypeError for values Python cannot be given. */
export function pickle(value: unknown, opts: PickleOptions): Buffer {
  const w = new Writer();
  const memo = new Map<unknown, number>();
  const globals = new Map<string, number>();
  const active = new Set<unknown>();

  const put = (key: unknown): void => {
    const i = memo.size + globals.size;
    memo.set(key, i);
    memoPut(i);
  };
  const memoPut = (i: number): void => {
    if (i < 256) {
      w.byte(0x71);
      w.byte(i);
    } else {
      w.byte(0x72);
      w.u32(i);
    }
  };
  const getRef = (i: number): void => {
    if (i < 256) {
      w.byte(0x68);
      w.byte(i);
    } else {
      w.byte(0x6a);
      w.u32(i);
    }
  };
  const global = (module: string, name: string): void => {
    const path = `${module}\n${name}\n`;
    const i = globals.get(path);
    if (i !== undefined) return getRef(i);
    w.byte(0x63);
    w.bytes(Buffer.from(path, 'utf8'));
    const idx = memo.size + globals.size;
    globals.set(path, idx);
    memoPut(idx);
  };
  const str = (s: string): void => {
    const b = Buffer.from(s, 'utf8');
    w.byte(0x58);
    w.u32(b.length);
    w.bytes(b);
  };
  const int = (v: number | bigint): void => {
    if (typeof v === 'number' && v >= 0 && v < 256) {
      w.byte(0x4b);
      w.byte(v);
    } else if (typeof v === 'number' && v >= 0 && v < 65536) {
      w.byte(0x4d);
      w.byte(v & 0xff);
      w.byte(v >> 8);
    } else if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      w.byte(0x4a);
      const b = Buffer.allocUnsafe(4);
      b.writeInt32LE(v);
      w.bytes(b);
    } else {
      // LONG1 / LONG4: two's complement, little-endian, as short as possible
      let x = BigInt(v);
      const out: number[] = [];
      if (x !== 0n) {
        for (;;) {
          out.push(Number(x & 0xffn));
          x >>= 8n;
          const sign = out[out.length - 1] & 0x80;
          if ((x === 0n && !sign) || (x === -1n && sign)) break;
        }
      }
      if (out.length < 256) {
        w.byte(0x8a);
        w.byte(out.length);
      } else {
        w.byte(0x8b);
        w.u32(out.length);
      }
      w.bytes(Uint8Array.from(out));
    }
  };
  const float = (v: number): void => {
    w.byte(0x47);
    const b = Buffer.allocUnsafe(8);
    b.writeDoubleBE(v);
    w.bytes(b);
  };
  const number = (v: number, asFloat: boolean): void => {
    if (!asFloat && Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) int(v);
    else float(v);
  };
  const tuple = (items: readonly unknown[], depth: number, floats?: Set<unknown>): void => {
    if (items.length === 0) {
      w.byte(0x29);
      return;
    }
    if (items.length > 3) w.byte(0x28);
    items.forEach((x, i) => save(x, depth, floats?.has(i) ?? false));
    w.byte(items.length === 1 ? 0x85 : items.length === 2 ? 0x86 : items.length === 3 ? 0x87 : 0x74);
  };
  const batched = (n: number, each: (i: number) => void, op: number): void => {
    for (let i = 0; i < n; i += 1000) {
      const end = Math.min(n, i + 1000);
      if (end - i > 1) w.byte(0x28);
      for (let k = i; k < end; k++) each(k);
      w.byte(end - i > 1 ? op : op === 0x65 ? 0x61 : 0x73); // APPENDS/APPEND, SETITEMS/SETITEM
    }
  };
  const dictEntries = (entries: [unknown, unknown][], depth: number, floats?: Set<unknown>): void => {
    batched(entries.length, (i) => {
      save(entries[i][0], depth, false);
      save(entries[i][1], depth, floats?.has(entries[i][0]) ?? false);
    }, 0x75);
  };

  const save = (v: unknown, depth: number, asFloat: boolean): void => {
    if (depth > MAX_DEPTH) throw new RangeError(`torch.save: the object nests more than ${MAX_DEPTH} levels`);
    if (v === null || v === undefined) return w.byte(0x4e);
    if (v === true) return w.byte(0x88);
    if (v === false) return w.byte(0x89);
    if (typeof v === 'number') return number(v, asFloat);
    if (typeof v === 'bigint') return int(v);
    if (typeof v === 'string') return str(v);
    if (v instanceof PyFloat) return float(v.value);
    if (v instanceof dtype) {
      const name = PY_DTYPE_NAMES.get(v);
      if (name === undefined) throw new TypeError(`torch.save: cannot save dtype ${v}`);
      return global('torch', name);
    }
    if (v instanceof device) {
      global('torch', 'device');
      if (v.index === null) tuple([v.type], depth + 1);
      else tuple([v.type, v.index], depth + 1);
      return w.byte(0x52);
    }
    if (typeof v === 'function' && typeof (v as { state_dict?: unknown }).state_dict === 'function') {
      // an nn.Module (a callable): Python pickles a whole module by reference to its class
      throw new TypeError(`torch.save: cannot save an nn.Module (${String((v as { constructor?: { name?: string } }).constructor?.name ?? 'Module')}) itself: Python pickles a module by its class, which a JavaScript class is not. Save model.state_dict() and load it with model.load_state_dict(torch.load(path)), as PyTorch recommends (Python's torch.load refuses whole modules by default too)`);
    }
    if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`torch.save: cannot save a ${typeof v}`);
    // objects: written once, referenced after
    if (active.has(v)) throw new TypeError('torch.save: the object contains itself (a reference cycle), which torch-node does not save');
    const seen = memo.get(v);
    if (seen !== undefined) return getRef(seen);
    active.add(v);
    try {
      saveObject(v as object, depth + 1);
    } finally {
      active.delete(v);
    }
  };

  const saveObject = (v: object, depth: number): void => {
    if (v instanceof Tensor) return saveTensor(v, depth);
    if (v instanceof Uint8Array) {
      // bytes, as Python 3 pickles them at protocol 2
      global('_codecs', 'encode');
      str(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1'));
      str('latin1');
      w.byte(0x86);
      w.byte(0x52);
      return put(v);
    }
    if (ArrayBuffer.isView(v)) throw new TypeError(`torch.save: cannot save a ${v.constructor.name}; make a tensor of it (torch.from_numpy) or save its bytes as a Uint8Array`);
    if (Array.isArray(v)) {
      const floats = (v as { [FLOATS]?: Set<unknown> })[FLOATS];
      if ((v as { [SIZE]?: boolean })[SIZE]) {
        global('torch', 'Size');
        tuple(v, depth);
        w.byte(0x85);
        w.byte(0x52);
        return put(v);
      }
      if ((v as { [TUPLE]?: boolean })[TUPLE]) {
        tuple(v, depth, floats);
        return put(v);
      }
      w.byte(0x5d);
      put(v);
      batched(v.length, (i) => save(v[i], depth, floats?.has(i) ?? false), 0x65);
      return;
    }
    if (v instanceof Set) {
      global('builtins', 'set');
      w.byte(0x5d);
      if (v.size > 0) batched(v.size, ((items) => (i: number) => save(items[i], depth, false))([...v]), 0x65);
      w.byte(0x85);
      w.byte(0x52);
      return put(v);
    }
    if ((v as { [COMPLEX]?: boolean })[COMPLEX]) {
      const c = v as { real: number; imag: number };
      global('builtins', 'complex');
      float(Number(c.real));
      float(Number(c.imag));
      w.byte(0x86);
      w.byte(0x52);
      return put(v);
    }
    const isMap = v instanceof Map;
    const proto = Object.getPrototypeOf(v);
    if (!isMap && proto !== Object.prototype && proto !== null) {
      throw new TypeError(`torch.save: cannot save a ${proto?.constructor?.name ?? 'object'} (only tensors, plain objects, Maps, arrays, Sets, numbers, bigints, strings, booleans, null, Uint8Arrays, dtypes and devices)`);
    }
    const metaDesc = Object.getOwnPropertyDescriptor(v, '_metadata');
    const metadata = metaDesc !== undefined && !metaDesc.enumerable ? metaDesc.value : undefined;
    const ordered = (v as { [ORDERED]?: boolean })[ORDERED] === true || metadata !== undefined;
    const entries: [unknown, unknown][] = isMap ? [...(v as Map<unknown, unknown>)] : Object.entries(v);
    const floats = (v as { [FLOATS]?: Set<unknown> })[FLOATS];
    if (ordered) {
      global('collections', 'OrderedDict');
      w.byte(0x29);
      w.byte(0x52);
      put(v);
      dictEntries(entries, depth, floats);
      if (metadata !== undefined) {
        w.byte(0x7d);
        str('_metadata');
        save(metadata, depth, false);
        w.byte(0x73);
        w.byte(0x62); // BUILD
      }
      return;
    }
    w.byte(0x7d);
    put(v);
    dictEntries(entries, depth, floats);
  };

  const saveTensor = (t: Tensor, depth: number): void => {
    const r = opts.tensor(t);
    if (r.parameter) global('torch._utils', '_rebuild_parameter');
    const v3 = r.storageType === 'UntypedStorage';
    global('torch._utils', v3 ? '_rebuild_tensor_v3' : '_rebuild_tensor_v2');
    w.byte(0x28);
    // the persistent id of the storage: ('storage', storage type, key, location, numel)
    w.byte(0x28);
    str('storage');
    global(v3 ? 'torch.storage' : 'torch', r.storageType);
    str(r.key);
    str(r.location);
    int(r.numel);
    w.byte(0x74);
    w.byte(0x51); // BINPERSID
    int(r.offset);
    tuple(r.size, depth);
    tuple(r.stride, depth);
    save(r.parameter ? false : r.requires_grad, depth, false);
    global('collections', 'OrderedDict');
    w.byte(0x29);
    w.byte(0x52);
    if (v3) save(r.dtype, depth, false);
    if (r.conj) {
      w.byte(0x7d);
      str('conj');
      w.byte(0x88);
      w.byte(0x73);
    }
    w.byte(0x74);
    w.byte(0x52);
    if (r.parameter) {
      save(r.requires_grad, depth, false);
      global('collections', 'OrderedDict');
      w.byte(0x29);
      w.byte(0x52);
      w.byte(0x87);
      w.byte(0x52);
    }
    put(t);
  };

  w.byte(0x80);
  w.byte(2);
  save(value, 0, false);
  w.byte(0x2e);
  return w.result();
}
