// torch.load: PyTorch's zip format (and the legacy pre-1.6 non-tar format) -> JavaScript values, through the
// restricted unpickler (weights only: nothing in a file can run code). Storages are read natively straight into
// tensor memory (one copy, off the JS thread in loadAsync), or mapped (mmap) or copied from a Buffer; tensors are
// built over them with their dtype, sizes, strides and offsets, so tensors that shared a storage share it again.

import { native, type Handle } from '../native/binding';
import { Tensor, wrap } from '../tensor/tensor';
import { storageBytes } from '../tensor/storage';
import { device, toDevice, type DeviceLike } from '../device';
import { uint8, dtype as dtypeClass, type dtype } from '../dtype';
import { strided } from '../tensor/args';
import { is_available as cudaAvailable, device_count as cudaCount } from '../cuda/cuda';
import { BufferSource, FileSource, ZipReader, isZip, type ByteSource } from './zip';
import { SerializationError, pathOf, type FileURL } from './errors';
import { UnpicklingError, unpickle, STORAGE_DTYPES } from './pickle/unpickler';
import {
  COMPLEX, FLOATS, ORDERED, PyBytes, PyComplex, PyDevice, PyDict, PyFloat, PyGlobal, PyLayout, PySet, PySize,
  PyStorage, PyTensor, PyTuple, SIZE, TUPLE,
} from './pickle/values';
import { parameterType } from './parameter';
import { TorchError, withCallSite } from '../errors';

/** map_location: a device for every storage, a {saved location: device} table, or a function of the saved
 *  location ('cpu', 'cuda:0') returning the device (null/undefined: the saved location). */
export type MapLocation = DeviceLike | Record<string, DeviceLike> | ((location: string) => DeviceLike | null | undefined);

export interface LoadOptions {
  map_location?: MapLocation | null;
  /** Map the file instead of reading it (a path only): storages are copy-on-write views of the file's pages. */
  mmap?: boolean;
  /** Only weights-only loading exists in torch-node (nothing in a file can run code); false is refused. */
  weights_only?: boolean;
}

export type LoadSource = string | FileURL | Uint8Array | ArrayBuffer;

const MAX_DEPTH = 1000;
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

// ---- preparing: the pickle and the storages it names ------------------------------------------------------------

interface StoragePlan {
  storage: PyStorage;
  nbytes: number;
  /** zip: the record; legacy: the byte range in the file */
  offset: number;
  size: number;
  crc: number; // < 0: unchecked
  name: string;
  deflated: boolean;
  /** legacy views: a byte range of another storage */
  viewOf?: { root: PyStorage; offset: number };
}

interface Prepared {
  value: unknown;
  plans: StoragePlan[];
  src: ByteSource;
  zip: ZipReader | null;
  bigEndian: boolean;
  mmap: boolean;
  mapLocation: MapLocation | null | undefined;
}

function sourceOf(f: LoadSource, fn: string): ByteSource {
  if (f instanceof Uint8Array) return new BufferSource(f);
  if (f instanceof ArrayBuffer) return new BufferSource(new Uint8Array(f));
  if (typeof f === 'string' || (f !== null && typeof f === 'object' && typeof (f as FileURL).href === 'string')) return new FileSource(pathOf(f as string | FileURL, fn));
  throw new TypeError(`${fn}: expected a file path or a Buffer/Uint8Array, got ${f === null ? 'null' : typeof f}`);
}

function checkOptions(opts: LoadOptions, fn: string): void {
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${fn}: options must be an object`);
  for (const k of Object.keys(opts)) {
    if (!['map_location', 'mmap', 'weights_only'].includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
  if (opts.weights_only === false) {
    throw new TypeError(`${fn}: weights_only=false is not supported: torch-node only loads weights and plain data and never runs code from a file`);
  }
}

function prepare(f: LoadSource, opts: LoadOptions, fn: string): Prepared {
  checkOptions(opts, fn);
  const src = sourceOf(f, fn);
  try {
    if (opts.mmap && src.path === null) throw new TypeError(`${fn}: mmap needs a file path, not a buffer`);
    const p = isZip(src) ? prepareZip(src) : prepareLegacy(src, opts);
    return { ...p, src, mmap: opts.mmap === true, mapLocation: opts.map_location };
  } catch (e) {
    src.close();
    throw asLoadError(e);
  }
}

function asLoadError(e: unknown): unknown {
  if (e instanceof SerializationError || e instanceof UnpicklingError || e instanceof TypeError) return e;
  if (e instanceof RangeError && /out of range|offset|beyond/i.test(e.message)) return new SerializationError(`the file is truncated or corrupt: ${e.message}`);
  return e;
}

function storageGlobalDtype(t: unknown): dtype {
  if (!(t instanceof PyGlobal) || !t.path.startsWith('storage:')) throw new UnpicklingError(`a persistent id must name a storage type, got ${t instanceof PyGlobal ? t.path : typeof t}`);
  return STORAGE_DTYPES[t.path.slice(8)];
}

function persistentStorages(legacy: boolean) {
  const byKey = new Map<string, PyStorage>();
  const views = new Map<string, { storage: PyStorage; root: PyStorage; offset: number }>();
  const load = (pid: unknown): unknown => {
    if (!(pid instanceof PyTuple)) throw new UnpicklingError(`persistent_load id must be a tuple, but got ${pid === null ? 'None' : typeof pid}`);
    const items = pid.items;
    if (items[0] === 'module' && legacy) throw new UnpicklingError('the file pickles a whole nn.Module (saved with torch.save(model)); torch-node loads state_dicts (save model.state_dict() in Python)');
    if (items[0] !== 'storage') throw new UnpicklingError(`Only persistent_load of storage is allowed, but got ${String(items[0])}`);
    if (items.length !== (legacy ? 6 : 5)) throw new UnpicklingError(`a storage persistent id has ${legacy ? 6 : 5} fields, got ${items.length}`);
    const dt = storageGlobalDtype(items[1]);
    const key = typeof items[2] === 'number' || typeof items[2] === 'bigint' ? String(items[2]) : items[2];
    const location = items[3];
    const numel = items[4];
    if (typeof key !== 'string' || key.length === 0 || key.length > 64) throw new UnpicklingError('a storage key must be a short string');
    if (typeof location !== 'string') throw new UnpicklingError('a storage location must be a string');
    if (typeof numel !== 'number' || !Number.isSafeInteger(numel) || numel < 0) throw new UnpicklingError(`a storage size must be a non-negative int, got ${String(numel)}`);
    if (numel * dt.itemsize > Number.MAX_SAFE_INTEGER) throw new UnpicklingError('a storage size overflows');
    let s = byKey.get(key);
    if (s === undefined) {
      s = new PyStorage(key, dt, location, numel);
      byKey.set(key, s);
    }
    if (legacy && items[5] !== null) {
      const vm = items[5];
      if (!(vm instanceof PyTuple) || vm.items.length !== 3) throw new UnpicklingError('bad storage view metadata');
      const [vkey, voff, vsize] = vm.items;
      if (typeof vkey !== 'string' || typeof voff !== 'number' || typeof vsize !== 'number' || voff < 0 || vsize < 0 || !Number.isSafeInteger(voff + vsize)) {
        throw new UnpicklingError('bad storage view metadata');
      }
      let v = views.get(vkey);
      if (v === undefined) {
        v = { storage: new PyStorage(vkey, dt, location, vsize), root: s, offset: voff };
        views.set(vkey, v);
      }
      return v.storage;
    }
    return s;
  };
  return { load, byKey, views };
}

function prepareZip(src: ByteSource): Omit<Prepared, 'src' | 'mmap' | 'mapLocation'> {
  const zip = new ZipReader(src);
  if (zip.has('constants.pkl') || (!zip.has('data.pkl') && [...zip.entries.keys()].some((k) => k.startsWith('code/')))) {
    throw new SerializationError('this file is a TorchScript archive (torch.jit.save): load it with torch.jit.load (TorchScript files are code: load only trusted ones)');
  }
  if (!zip.has('data.pkl')) throw new SerializationError(`the archive has no data.pkl record: not a torch.save file`);
  let bigEndian = false;
  if (zip.has('byteorder')) {
    const bo = zip.read('byteorder', 16).toString('latin1');
    if (bo !== 'little' && bo !== 'big') throw new SerializationError(`Unknown endianness type: ${bo}`);
    bigEndian = bo === 'big';
  }
  const pkl = zip.read('data.pkl');
  const ps = persistentStorages(false);
  const { value } = unpickle(pkl, 0, { persistentLoad: ps.load, maxDepth: MAX_DEPTH });
  const plans: StoragePlan[] = [];
  for (const s of ps.byKey.values()) {
    const name = `data/${s.key}`;
    const e = zip.entry(name);
    const nbytes = s.numel * s.dtype.itemsize;
    if (e.size < nbytes) {
      throw new SerializationError(`the record ${e.fullName} holds ${e.size} bytes, less than the ${nbytes} its storage declares (the file is corrupt)`);
    }
    if (e.size > nbytes + s.dtype.itemsize + 64) {
      throw new SerializationError(`the record ${e.fullName} holds ${e.size} bytes, more than the ${nbytes} its storage declares (the file is corrupt)`);
    }
    plans.push({ storage: s, nbytes, offset: zip.dataOffset(e), size: e.compressedSize, crc: e.crc, name: e.fullName, deflated: e.method === 8 });
  }
  return { value, plans, zip, bigEndian };
}

function prepareLegacy(src: ByteSource, opts: LoadOptions): Omit<Prepared, 'src' | 'mmap' | 'mapLocation'> {
  if (src.size > 262 && src.read(257, 5).toString('latin1') === 'ustar') {
    throw new SerializationError('Cannot use ``weights_only=True`` with files saved in the legacy .tar format (torch-node loads weights only)');
  }
  if (src.size < 2 || src.read(0, 1)[0] !== 0x80) throw new SerializationError('not a torch.save file: neither a zip archive nor a legacy pickle');
  if (opts.mmap) throw new SerializationError('mmap can only be used with files saved with torch.save(_use_new_zipfile_serialization=True)');
  if (src.size > 0x7fffffff) throw new SerializationError('legacy-format files larger than 2 GiB are not supported');
  const data = src.read(0, src.size);
  const noIds = { persistentLoad: () => { throw new UnpicklingError('unexpected persistent id in the legacy header'); }, maxDepth: 8 };
  let r = unpickle(data, 0, noIds);
  if (r.value !== LEGACY_MAGIC) throw new SerializationError('Invalid magic number; corrupt file?');
  r = unpickle(data, r.end, noIds);
  if (r.value !== 1001) throw new SerializationError(`Invalid protocol version: ${String(r.value)}`);
  r = unpickle(data, r.end, noIds);
  let bigEndian = false;
  if (r.value instanceof PyDict && r.value.map.get('little_endian') === false) bigEndian = true;
  const ps = persistentStorages(true);
  r = unpickle(data, r.end, { persistentLoad: ps.load, maxDepth: MAX_DEPTH });
  const value = r.value;
  r = unpickle(data, r.end, noIds);
  const keys = r.value;
  if (!Array.isArray(keys)) throw new SerializationError('the legacy file has no storage key list');
  let pos = r.end;
  const plans: StoragePlan[] = [];
  for (const k of keys) {
    const key = typeof k === 'number' ? String(k) : k;
    const s = typeof key === 'string' ? ps.byKey.get(key) : undefined;
    if (s === undefined) throw new SerializationError(`storage key ${String(k)} not found in the pickle`);
    if (pos + 8 > data.length) throw new SerializationError('the legacy file is truncated (storage size)');
    const numel = Number(bigEndian ? data.readBigInt64BE(pos) : data.readBigInt64LE(pos));
    pos += 8;
    const nbytes = s.numel * s.dtype.itemsize;
    if (numel * s.dtype.itemsize !== nbytes) throw new SerializationError(`storage has wrong byte size: expected ${nbytes} got ${numel * s.dtype.itemsize}`);
    if (pos + nbytes > data.length) throw new SerializationError('the legacy file is truncated (storage data)');
    plans.push({ storage: s, nbytes, offset: pos, size: nbytes, crc: -1, name: `storage ${key}`, deflated: false });
    pos += nbytes;
  }
  if (plans.length !== ps.byKey.size) throw new SerializationError('the legacy file lacks the data of some storages');
  for (const v of ps.views.values()) {
    const root = plans.find((p) => p.storage === v.root)!;
    const it = v.root.dtype.itemsize;
    if ((v.offset + v.storage.numel) * it > root.nbytes) throw new SerializationError('a storage view reaches beyond its storage');
    plans.push({ storage: v.storage, nbytes: v.storage.numel * it, offset: 0, size: 0, crc: -1, name: `view ${v.storage.key}`, deflated: false, viewOf: { root: v.root, offset: v.offset * it } });
  }
  return { value, plans, zip: null, bigEndian };
}

// ---- storages -----------------------------------------------------------------------------------------------------

function restoreDevice(location: string, ml: MapLocation | null | undefined): device | null {
  let target: DeviceLike | null | undefined;
  if (ml === undefined || ml === null) target = null;
  else if (typeof ml === 'function') target = ml(location);
  else if (typeof ml === 'string' || ml instanceof device) target = ml;
  else if (typeof ml === 'object') target = Object.prototype.hasOwnProperty.call(ml, location) ? (ml as Record<string, DeviceLike>)[location] : null;
  else throw new TypeError('map_location must be a device, a string, an object or a function');
  if (target !== null && target !== undefined) return toDevice(target, 'map_location');
  // the saved location
  if (location === 'cpu') return null;
  if (location.startsWith('cuda')) {
    if (!cudaAvailable()) {
      throw new TorchError("Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running on a CPU-only machine, please use torch.load with map_location=torch.device('cpu') to map your storages to the CPU.");
    }
    const d = toDevice(location === 'cuda' ? 'cuda:0' : location);
    if ((d.index ?? 0) >= cudaCount()) {
      throw new TorchError(`Attempting to deserialize object on CUDA device ${d.index} but torch.cuda.device_count() is ${cudaCount()}. Please use torch.load with map_location to map your storages to an existing device.`);
    }
    return d;
  }
  throw new SerializationError(`the file places a storage on device '${location}', which torch-node cannot restore: pass map_location`);
}

function swapBytes(h: Handle, itemsize: number, complex: boolean): void {
  const size = complex ? itemsize / 2 : itemsize;
  if (size === 1) return;
  const b = storageBytes(h);
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength - (b.byteLength % size));
  if (size === 2) buf.swap16();
  else if (size === 4) buf.swap32();
  else buf.swap64();
}

/** The raw bytes of each storage as 1-D uint8 CPU tensors, by plan: file records are read natively (all in one
 *  call: synchronously, or on a worker thread), the others (a Buffer, deflated records, a mapping) here. */
function storageHandles(p: Prepared, async: false): Handle[];
function storageHandles(p: Prepared, async: true): Promise<Handle[]>;
function storageHandles(p: Prepared, async: boolean): Handle[] | Promise<Handle[]> {
  const handles: Handle[] = new Array(p.plans.length).fill(0);
  const reads: number[] = [];
  const fail = (e: unknown): never => {
    releaseHandles(handles);
    throw e;
  };
  try {
    p.plans.forEach((plan, i) => {
      if (plan.viewOf) return;
      if (p.src.path !== null && !plan.deflated && !p.mmap && p.zip !== null) reads.push(i);
      else handles[i] = rawHandle(p, plan);
    });
    if (reads.length === 0) return async ? Promise.resolve(handles) : handles;
    const args = [p.src.path!, reads.map((i) => p.plans[i].offset), reads.map((i) => p.plans[i].size),
      reads.map((i) => p.plans[i].crc), reads.map((i) => p.plans[i].name)] as const;
    const fill = (got: Handle[]): Handle[] => {
      reads.forEach((i, k) => (handles[i] = got[k]));
      return handles;
    };
    return async ? native.readRecords(...args, true).then(fill, fail) : fill(native.readRecords(...args, false));
  } catch (e) {
    return fail(e);
  }
}

function releaseHandles(handles: Handle[]): void {
  for (const h of handles) if (h > 0) native.dispose(h);
  if (mapped !== null) {
    native.dispose(mapped.h);
    mapped = null;
  }
}

let mapped: { src: ByteSource; h: Handle } | null = null;

/** One storage's bytes from a Buffer, a deflated record, a legacy file, or a mapping. */
function rawHandle(p: Prepared, plan: StoragePlan): Handle {
  if (plan.deflated) {
    const bytes = p.zip!.read(plan.name.slice(p.zip!.prefix.length));
    return native.fromBuffer(bytes, uint8.code, [bytes.length], -1, -1, false, false);
  }
  if (p.mmap) {
    if (mapped === null || mapped.src !== p.src) mapped = { src: p.src, h: native.mapFile(p.src.path!) };
    const aligned = plan.offset % Math.min(plan.storage.dtype.itemsize, 8) === 0;
    // as in PyTorch, mapped storages are not checksummed: that would read every page, and mmap is for loading
    // what is used, when it is used (the structure of the file is still checked in full)
    return native.storageSlice(mapped.h, plan.offset, plan.size, !aligned);
  }
  const bytes = p.src.read(plan.offset, plan.size);
  if (plan.crc >= 0 && native.crc32(bytes) !== plan.crc) throw new SerializationError(`CRC-32 mismatch in record ${plan.name} (the file is corrupt)`);
  return native.fromBuffer(bytes, uint8.code, [bytes.length], -1, -1, false, false);
}

// ---- materialising: Python values -> JavaScript values ------------------------------------------------------------

function materialize(p: Prepared, raw: Handle[]): unknown {
  const base = new Map<PyStorage, Handle>();
  const temps: Handle[] = [];
  try {
    p.plans.forEach((plan, i) => {
      let h = raw[i];
      if (plan.viewOf) {
        h = native.storageSlice(base.get(plan.viewOf.root)!, plan.viewOf.offset, plan.nbytes, false);
      }
      temps.push(h);
      if (p.bigEndian && !plan.viewOf) swapBytes(h, plan.storage.dtype.itemsize, plan.storage.dtype.is_complex);
      const dev = restoreDevice(plan.storage.location, p.mapLocation);
      if (dev !== null && dev.type !== 'cpu') {
        const moved = wrap(h).to(dev);
        temps.push(moved._h);
        h = moved._h;
      }
      base.set(plan.storage, h);
    });
    return toJS(p.value, base);
  } finally {
    for (const h of temps) native.dispose(h);
    if (mapped !== null && mapped.src === p.src) {
      native.dispose(mapped.h);
      mapped = null;
    }
  }
}

function buildTensor(t: PyTensor, base: Map<PyStorage, Handle>): Tensor {
  const h = base.get(t.storage);
  if (h === undefined) throw new SerializationError(`the storage ${t.storage.key} was not loaded`);
  let out: Tensor;
  try {
    out = wrap(native.tensorOverStorage(h, t.dtype.code, t.size, t.stride, t.offset, false));
  } catch (e) {
    throw new SerializationError(`a tensor in the file does not fit its storage: ${(e as Error).message}`);
  }
  if (t.conj) out = out.conj();
  if (t.neg) out = out.neg();
  if (t.convert !== null) out = out.to(toDevice(t.convert.device), t.convert.dtype);
  if (t.parameter) return parameterType.make(out, t.requires_grad);
  if (t.requires_grad) out.requires_grad_(true);
  return out;
}

function define(o: object, key: PropertyKey, value: unknown, enumerable = false): void {
  Object.defineProperty(o, key, { value, enumerable, writable: true, configurable: true });
}

function toJS(root: unknown, base: Map<PyStorage, Handle>): unknown {
  const done = new Map<unknown, unknown>();
  const active = new Set<unknown>();
  const storageTensors = new Map<PyStorage, Tensor>();

  const conv = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof PyFloat) return v.value;
    if (v instanceof PyDevice) return toDevice(v.spec);
    if (v instanceof PyLayout) return strided;
    if (v instanceof PyGlobal) throw new UnpicklingError(`the file holds the Python object ${v.path} as a value, which has no JavaScript form`);
    if (v instanceof dtypeClass) return v;
    if (active.has(v)) throw new UnpicklingError('the pickle contains a reference cycle (an object that contains itself), which torch-node does not load');
    const seen = done.get(v);
    if (seen !== undefined) return seen;
    if (depth > MAX_DEPTH) throw new UnpicklingError(`the pickle nests more than ${MAX_DEPTH} levels`);
    active.add(v);
    try {
      const out = convObject(v as object, depth + 1);
      done.set(v, out);
      return out;
    } finally {
      active.delete(v);
    }
  };

  const markFloats = (target: object, key: unknown, src: unknown): void => {
    if (src instanceof PyFloat && Number.isInteger(src.value)) {
      const t = target as { [FLOATS]?: Set<unknown> };
      if (t[FLOATS] === undefined) define(target, FLOATS, new Set());
      t[FLOATS]!.add(key);
    }
  };

  const convObject = (v: object, depth: number): unknown => {
    if (v instanceof PyTensor) return buildTensor(v, base);
    if (v instanceof PyStorage) {
      // a bare storage: the 1-D tensor of its elements
      let t = storageTensors.get(v);
      if (t === undefined) {
        t = wrap(native.tensorOverStorage(base.get(v)!, v.dtype.code, [v.numel], [1], 0, false));
        storageTensors.set(v, t);
      }
      return t;
    }
    if (v instanceof PyDict) {
      let stringKeys = true;
      for (const k of v.map.keys()) if (typeof k !== 'string') stringKeys = false;
      let out: Record<string, unknown> | Map<unknown, unknown>;
      if (stringKeys) {
        const o: Record<string, unknown> = {};
        out = o;
        for (const [k, x] of v.map) {
          define(o, k as string, conv(x, depth), true);
          markFloats(o, k, x);
        }
      } else {
        const m = new Map<unknown, unknown>();
        out = m;
        for (const [k, x] of v.map) {
          const key = conv(k, depth);
          m.set(key, conv(x, depth));
          markFloats(m, key, x);
        }
      }
      if (v.ordered) define(out, ORDERED, true);
      if (v.attrs !== null) for (const [k, x] of v.attrs) if (k === '_metadata') define(out, '_metadata', conv(x, depth));
      return out;
    }
    if (v instanceof PyTuple) {
      const a = v.items.map((x) => conv(x, depth));
      define(a, TUPLE, true);
      v.items.forEach((x, i) => markFloats(a, i, x));
      return Object.freeze(a);
    }
    if (Array.isArray(v)) {
      const a: unknown[] = [];
      for (const x of v) a.push(conv(x, depth));
      v.forEach((x, i) => markFloats(a, i, x));
      return a;
    }
    if (v instanceof PySet) return new Set(v.items.map((x) => conv(x, depth)));
    if (v instanceof PyBytes) return v.data;
    if (v instanceof PySize) {
      const a = [...v.items];
      define(a, SIZE, true);
      return a;
    }
    if (v instanceof PyComplex) {
      const c = { real: v.real, imag: v.imag };
      define(c, COMPLEX, true);
      return c;
    }
    throw new UnpicklingError(`cannot convert a ${(v as object).constructor?.name} to JavaScript`);
  };
  return conv(root, 0);
}

// ---- the API ------------------------------------------------------------------------------------------------------

/**
 * torch.load(f, {map_location, mmap, weights_only}): loads what torch.save wrote (Python's or torch-node's): a
 * file path or the file's bytes. Weights only, always: tensors, state_dicts, plain containers and numbers, never
 * code (a file naming anything else is an UnpicklingError). See docs/decisions.md for the JavaScript forms.
 */
export function load(f: LoadSource, options: LoadOptions = {}): unknown {
  const p = prepare(f, options, 'torch.load');
  try {
    return materialize(p, storageHandles(p, false));
  } catch (e) {
    throw asLoadError(e);
  } finally {
    p.src.close();
  }
}

/** torch.load with the storage reads on a worker thread (the pickle itself is parsed on the calling thread). */
export async function loadAsync(f: LoadSource, options: LoadOptions = {}): Promise<unknown> {
  try {
    const p = prepare(f, options, 'torch.loadAsync');
    try {
      const raw = await storageHandles(p, true);
      return materialize(p, raw);
    } finally {
      p.src.close();
    }
  } catch (e) {
    throw withCallSite(asLoadError(e));
  }
}

