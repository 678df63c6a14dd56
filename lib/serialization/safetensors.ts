// safetensors (Hugging Face's safe format), mirroring the Python package's safetensors.torch API: a little-endian
// u64 header length, a JSON header {name: {dtype, shape, data_offsets}, __metadata__: {str: str}}, then the raw
// little-endian tensor bytes. Headers are validated as the reference parser does (size cap of 100 MB, offsets
// contiguous and covering the data exactly, byte counts matching shapes). load_file maps the file by default
// (zero-copy, copy-on-write views, as safe_open does); load(bytes) copies.
import { native, type Handle } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { storageBytes } from '../tensor/storage';
import {
  bool, uint8, int8, int16, uint16, float16, bfloat16, int32, uint32, float32, float64, int64, uint64, complex64, type dtype,
} from '../dtype';
import { toDevice, type DeviceLike } from '../device';
import { FileSource, BufferSource, type ByteSource } from './zip';
import { SerializationError } from './errors';
import { targetPath, writeAtomic } from './save';

const MAX_HEADER = 100_000_000;

const DTYPES: Record<string, dtype> = {
  BOOL: bool, U8: uint8, I8: int8, I16: int16, U16: uint16, F16: float16, BF16: bfloat16, I32: int32, U32: uint32,
  F32: float32, F64: float64, I64: int64, U64: uint64, C64: complex64,
};
const NAMES = new Map<dtype, string>(Object.entries(DTYPES).map(([k, v]) => [v, k]));

interface Entry {
  name: string;
  dtype: dtype;
  shape: number[];
  begin: number;
  end: number;
}

interface Header {
  entries: Entry[];
  metadata: Record<string, string> | null;
  /** where the data starts in the file */
  dataStart: number;
}

function fail(msg: string): never {
  throw new SerializationError(`safetensors: ${msg}`);
}

function parseHeader(src: ByteSource): Header {
  if (src.size < 8) fail(`the file is too short (${src.size} bytes) to hold a header`);
  const n64 = src.read(0, 8).readBigUInt64LE(0);
  if (n64 > BigInt(MAX_HEADER)) fail(`the header declares ${n64} bytes (more than the ${MAX_HEADER} allowed)`);
  const n = Number(n64);
  if (8 + n > src.size) fail(`the header declares ${n} bytes but the file has ${src.size - 8} after the length`);
  const raw = src.read(8, n);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) fail("the header must be a JSON object starting with '{'");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON: ${(e as Error).message}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('the header must be a JSON object');
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (v === null) continue;
      if (typeof v !== 'object' || Array.isArray(v)) fail('__metadata__ must be an object of strings');
      for (const x of Object.values(v as object)) if (typeof x !== 'string') fail('__metadata__ values must be strings');
      metadata = Object.assign(Object.create(null), v) as Record<string, string>;
      continue;
    }
    const info = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (info === null || typeof info !== 'object') fail(`the entry of ${name} must be an object`);
    const extra = Object.keys(info).filter((k) => !['dtype', 'shape', 'data_offsets'].includes(k));
    if (extra.length > 0) fail(`the entry of ${name} has unknown fields: ${extra.join(', ')}`);
    if (typeof info.dtype !== 'string') fail(`the dtype of ${name} must be a string`);
    const dt = DTYPES[info.dtype];
    if (dt === undefined) fail(`the dtype ${info.dtype} of ${name} is not supported by torch-node`);
    if (!Array.isArray(info.shape) || info.shape.length > 64 || !info.shape.every((s) => Number.isSafeInteger(s) && s >= 0)) {
      fail(`the shape of ${name} must be a list of non-negative integers`);
    }
    const off = info.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((s) => Number.isSafeInteger(s) && s >= 0) || off[1] < off[0]) {
      fail(`the data_offsets of ${name} must be [begin, end] with 0 <= begin <= end`);
    }
    let numel = 1;
    for (const s of info.shape as number[]) {
      numel *= s;
      if (!Number.isSafeInteger(numel)) fail(`the shape of ${name} overflows`);
    }
    const nbytes = numel * dt.itemsize;
    if (!Number.isSafeInteger(nbytes) || nbytes !== off[1] - off[0]) {
      fail(`the tensor ${name} has ${numel} elements of ${dt.itemsize} bytes but its data_offsets span ${off[1] - off[0]} bytes`);
    }
    entries.push({ name, dtype: dt, shape: info.shape as number[], begin: off[0], end: off[1] });
  }
  // the data must be covered exactly, without gaps or overlaps (the reference parser's rule)
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) fail(`the data of ${e.name} starts at ${e.begin}, not at ${at}: offsets must be contiguous`);
    at = e.end;
  }
  if (8 + n + at !== src.size) fail(`the data ends at ${at} but the file holds ${src.size - 8 - n} bytes of data`);
  return { entries, metadata, dataStart: 8 + n };
}

export interface LoadFileOptions {
  /** where the tensors go (default 'cpu') */
  device?: DeviceLike;
  /** map the file (default true): the tensors are copy-on-write views of its pages */
  mmap?: boolean;
}

function build(src: ByteSource, h: Header, opts: LoadFileOptions): Record<string, Tensor> {
  const dev = toDevice(opts.device ?? 'cpu', 'device');
  const out: Record<string, Tensor> = {};
  const temps: Handle[] = [];
  try {
    let raws: Handle[];
    if (src.path !== null && opts.mmap !== false) {
      const map = native.mapFile(src.path);
      temps.push(map);
      raws = h.entries.map((e) => {
        const aligned = (h.dataStart + e.begin) % Math.min(e.dtype.itemsize, 8) === 0;
        return native.storageSlice(map, h.dataStart + e.begin, e.end - e.begin, !aligned);
      });
    } else if (src.path !== null) {
      raws = native.readRecords(src.path, h.entries.map((e) => h.dataStart + e.begin), h.entries.map((e) => e.end - e.begin),
        h.entries.map(() => -1), h.entries.map((e) => e.name), false);
    } else {
      raws = h.entries.map((e) => {
        const b = src.read(h.dataStart + e.begin, e.end - e.begin);
        return native.fromBuffer(b, uint8.code, [b.length], -1, -1, false, false);
      });
    }
    temps.push(...raws);
    h.entries.forEach((e, i) => {
      const strides = new Array<number>(e.shape.length);
      let s = 1;
      for (let d = e.shape.length - 1; d >= 0; d--) {
        strides[d] = s;
        s *= Math.max(e.shape[d], 1);
      }
      let t = wrap(native.tensorOverStorage(raws[i], e.dtype.code, e.shape, strides, 0, false));
      if (dev.type !== 'cpu') t = t.to(dev);
      Object.defineProperty(out, e.name, { value: t, enumerable: true, writable: true, configurable: true });
    });
    return out;
  } finally {
    for (const t of temps) native.dispose(t);
  }
}

/** safetensors.torch.load_file(filename, device='cpu'): {name: tensor}, in the header's order. */
export function load_file(filename: string, options: LoadFileOptions = {}): Record<string, Tensor> {
  const src = new FileSource(filename);
  try {
    return build(src, parseHeader(src), options);
  } finally {
    src.close();
  }
}

/** safetensors.torch.load(data): {name: tensor} from the bytes of a safetensors file (copied). */
export function load(data: Uint8Array): Record<string, Tensor> {
  if (!(data instanceof Uint8Array)) throw new TypeError('safetensors.load expects a Buffer/Uint8Array');
  const src = new BufferSource(data);
  return build(src, parseHeader(src), { mmap: false });
}

/** The __metadata__ of a safetensors file or its bytes (null when there is none). */
export function metadata(f: string | Uint8Array): Record<string, string> | null {
  const src = typeof f === 'string' ? new FileSource(f) : new BufferSource(f);
  try {
    return parseHeader(src).metadata;
  } finally {
    src.close();
  }
}

/** safe_open(filename): lazy access as in the Python package (keys(), metadata(), get_tensor(name)). */
export function safe_open(filename: string, options: LoadFileOptions = {}): {
  keys(): string[];
  metadata(): Record<string, string> | null;
  get_tensor(name: string): Tensor;
} {
  const src = new FileSource(filename);
  let header: Header;
  try {
    header = parseHeader(src);
  } finally {
    src.close();
  }
  return {
    keys: () => header.entries.map((e) => e.name).sort(),
    metadata: () => header.metadata,
    get_tensor: (name: string) => {
      const e = header.entries.find((x) => x.name === name);
      if (e === undefined) throw new SerializationError(`safetensors: no tensor named ${name}`);
      const s = new FileSource(filename);
      try {
        return build(s, { ...header, entries: [e] }, options)[name];
      } finally {
        s.close();
      }
    },
  };
}

function layout(tensors: Record<string, Tensor> | Map<string, Tensor>, metadata: Record<string, string> | null | undefined) {
  const items: [string, Tensor][] = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  if (metadata !== null && metadata !== undefined) {
    if (typeof metadata !== 'object') throw new TypeError('safetensors: metadata must be an object of strings');
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') throw new TypeError(`safetensors: metadata value of ${k} must be a string`);
  }
  const byStorage = new Map<number, string>();
  const temps: Tensor[] = [];
  const parts: { name: string; t: Tensor; nbytes: number }[] = [];
  for (const [name, t] of items) {
    if (!(t instanceof Tensor)) throw new TypeError(`safetensors: ${name} is not a tensor`);
    if (!NAMES.has(t.dtype)) throw new TypeError(`safetensors: dtype ${t.dtype} of ${name} cannot be saved`);
    const [key, nbytes, offset] = native.storageInfo(t._h);
    const other = byStorage.get(key);
    if (other !== undefined && t.numel() > 0) {
      throw new Error(`Some tensors share memory, this will lead to duplicate memory on disk and potential differences when loading them again: [{'${other}', '${name}'}]. A potential way to correctly save your model is to clone the shared tensors.`);
    }
    if (t.numel() > 0) byStorage.set(key, name);
    if (!t.is_contiguous()) throw new Error(`You are trying to save a non contiguous tensor: \`${name}\` which is not allowed. It either means you are trying to save tensors which are reference of each other in which case it's recommended to save only the full tensors, and reslice at load time, or simply call \`.contiguous()\` on your tensor to pack it before saving.`);
    let whole = t;
    if (offset !== 0 || nbytes !== t.nbytes || t.is_conj() || t.is_neg()) {
      whole = t.resolve_conj().resolve_neg().clone();
      temps.push(whole);
    }
    parts.push({ name, t: whole, nbytes: t.nbytes });
  }
  // as the Python package: larger alignments first, then by name
  parts.sort((a, b) => b.t.dtype.itemsize - a.t.dtype.itemsize || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let at = 0;
  for (const p of parts) {
    header[p.name] = { dtype: NAMES.get(p.t.dtype), shape: p.t.shape, data_offsets: [at, at + p.nbytes] };
    at += p.nbytes;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return { head: Buffer.concat([len, json]), parts, temps };
}

/** safetensors.torch.save_file(tensors, filename, metadata=None): written atomically. */
export function save_file(tensors: Record<string, Tensor> | Map<string, Tensor>, filename: string, metadata?: Record<string, string> | null): void {
  const l = layout(tensors, metadata);
  try {
    writeAtomic(targetPath(filename), [l.head, ...l.parts.filter((p) => p.nbytes > 0).map((p) => p.t._h)], [], false);
  } finally {
    for (const t of l.temps) t.dispose();
  }
}

/** safetensors.torch.save(tensors, metadata=None): the bytes of a safetensors file. */
export function save(tensors: Record<string, Tensor> | Map<string, Tensor>, metadata?: Record<string, string> | null): Uint8Array {
  const l = layout(tensors, metadata);
  try {
    const chunks: Uint8Array[] = [l.head];
    for (const p of l.parts) {
      if (p.nbytes === 0) continue;
      const cpu = p.t.is_cpu ? p.t : p.t.cpu();
      chunks.push(Buffer.from(storageBytes(cpu._h)));
      if (cpu !== p.t) cpu.dispose();
    }
    return Buffer.concat(chunks);
  } finally {
    for (const t of l.temps) t.dispose();
  }
}
