// The restricted unpickler: PyTorch's weights_only idea (torch/_weights_only_unpickler.py) in TypeScript. It reads
// the data opcodes of pickle protocols 0-5 and builds Python-level values (values.ts); it never imports or calls
// anything: GLOBAL resolves only names on the allow-list below (OrderedDict, the tensor rebuild functions, storage
// classes, torch.Size, dtypes, devices, set/complex/bytes helpers), and REDUCE/NEWOBJ/BUILD act only on those.
// Every read is bounds-checked and every structural rule (stack, marks, memo) is enforced, so a malformed or
// hostile pickle is an UnpicklingError, never a crash, a hang or code execution.
import {
  bool, uint8, int8, int16, int32, int64, uint16, uint32, uint64, float16, bfloat16, float32, float64, complex32,
  complex64, complex128, type dtype,
} from '../../dtype';
import {
  PyBytes, PyComplex, PyDevice, PyDict, PyFloat, PyGlobal, PyLayout, PySet, PySize, PyStorage, PyTensor, PyTuple,
} from './values';

/** A pickle that is malformed, hostile, or uses something outside the allow-list. */
export class UnpicklingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnpicklingError';
  }
}

const STORAGE_DTYPES: Record<string, dtype> = {
  DoubleStorage: float64, FloatStorage: float32, HalfStorage: float16, LongStorage: int64, IntStorage: int32,
  ShortStorage: int16, CharStorage: int8, ByteStorage: uint8, BoolStorage: bool, BFloat16Storage: bfloat16,
  ComplexDoubleStorage: complex128, ComplexFloatStorage: complex64, UntypedStorage: uint8,
};
const QUANTIZED_STORAGES = new Set(['QInt8Storage', 'QInt32Storage', 'QUInt8Storage', 'QUInt4x2Storage', 'QUInt2x4Storage']);

/** Python's dtype names (str(dtype) without 'torch.') -> torch-node dtypes. */
export const PY_DTYPES: Record<string, dtype> = {
  float64: float64, float32: float32, float16: float16, bfloat16: bfloat16, int64: int64, int32: int32, int16: int16,
  int8: int8, uint8: uint8, bool: bool, complex128: complex128, complex64: complex64, complex32: complex32,
  uint16: uint16, uint32: uint32, uint64: uint64,
};
const OTHER_PY_DTYPES = new Set([
  'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz', 'float8_e8m0fnu', 'float4_e2m1fn_x2', 'bits1x8',
  'bits2x4', 'bits4x2', 'bits8', 'bits16', 'qint8', 'qint32', 'quint8', 'quint4x2', 'quint2x4', 'uint1', 'uint2',
  'uint3', 'uint4', 'uint5', 'uint6', 'uint7', 'int1', 'int2', 'int3', 'int4', 'int5', 'int6', 'int7',
]);

const REBUILD = 'torch._utils.';
const UNSUPPORTED_REBUILDS: Record<string, string> = {
  _rebuild_qtensor: 'quantized tensors',
  _rebuild_sparse_tensor: 'sparse tensors',
  _rebuild_nested_tensor: 'nested tensors',
  _rebuild_meta_tensor_no_storage: 'meta tensors without storage',
  _rebuild_wrapper_subclass: 'tensor subclasses',
  _rebuild_device_tensor_from_numpy: 'tensors rebuilt from numpy arrays',
};
const QSCHEMES = new Set(['per_tensor_affine', 'per_tensor_symmetric', 'per_channel_affine', 'per_channel_symmetric',
  'per_channel_affine_float_qparams']);

// modules that are never allowed, whatever else is (as in PyTorch)
const BLOCKED_MODULES = new Set(['sys', 'os', 'posix', 'nt']);

/** The allow-list: the globals a weights-only file may name, resolved to what REDUCE/NEWOBJ can do with them. */
function resolveGlobal(module: string, name: string): unknown {
  if (module === '__builtin__') module = 'builtins';
  else if (module === 'copy_reg') module = 'copyreg';
  const path = `${module}.${name}`;
  if (BLOCKED_MODULES.has(module)) {
    throw new UnpicklingError(`Trying to load unsupported GLOBAL ${path} whose module ${module} is blocked.`);
  }
  if (module === 'torch') {
    if (name in PY_DTYPES) return PY_DTYPES[name];
    if (OTHER_PY_DTYPES.has(name)) throw new UnpicklingError(`the file uses dtype torch.${name}, which torch-node does not support`);
    if (name in STORAGE_DTYPES) return new PyGlobal(`storage:${name}`);
    if (QUANTIZED_STORAGES.has(name) || QSCHEMES.has(name)) throw new UnpicklingError(`the file holds quantized tensors (torch.${name}), which torch-node does not load`);
    if (name === 'Size' || name === 'device' || name === 'Tensor') return new PyGlobal(path);
  }
  if ((module === 'torch.storage' && name === 'UntypedStorage') || (module === 'torch.cuda' && name in STORAGE_DTYPES)) {
    return new PyGlobal(`storage:${name}`);
  }
  if (module === 'torch._utils') {
    if (name in UNSUPPORTED_REBUILDS) throw new UnpicklingError(`the file holds ${UNSUPPORTED_REBUILDS[name]} (${path}), which torch-node does not load`);
    if (['_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_parameter', '_rebuild_parameter_with_state',
      '_rebuild_device_tensor_from_cpu_tensor'].includes(name)) return new PyGlobal(path);
  }
  const allowed = new Set([
    'collections.OrderedDict', 'collections.Counter', 'torch.nn.parameter.Parameter', 'torch._tensor._rebuild_from_type_v2',
    'torch.serialization._get_layout', '_codecs.encode', 'builtins.bytearray', 'builtins.bytes', 'builtins.set',
    'builtins.frozenset', 'builtins.complex',
  ]);
  if (allowed.has(path)) return new PyGlobal(path);
  const shown = module === 'builtins' ? name : path;
  throw new UnpicklingError(
    `Unsupported global: GLOBAL ${shown} was not an allowed global by default. torch-node loads weights only: ` +
      'tensors, storages, state dicts and plain Python data (the allow-list of torch.load(weights_only=True)); it never runs code from a file.',
  );
}

// ---- value helpers ------------------------------------------------------------------------------------------------

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (v instanceof PyGlobal) return v.path;
  if (v instanceof PyDict) return v.ordered ? 'OrderedDict' : 'dict';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyTensor) return 'Tensor';
  if (v instanceof PyStorage) return 'Storage';
  if (v instanceof PyFloat) return 'float';
  if (v instanceof PyBytes) return 'bytes';
  if (v instanceof PySet) return 'set';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v === 'number' || typeof v === 'bigint' ? 'int' : typeof v === 'string' ? 'str' : typeof v;
}

/** A dict key as JS Map key: Python's equal keys map to one JS value (1 == 1.0, small ints as numbers). */
export function dictKey(k: unknown): unknown {
  if (k instanceof PyFloat) return k.value;
  if (typeof k === 'bigint' && k >= -BigInt(Number.MAX_SAFE_INTEGER) && k <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(k);
  if (k === true) return 1;
  if (k === false) return 0;
  if (Array.isArray(k) || k instanceof PyDict || k instanceof PySet) throw new UnpicklingError(`unhashable type: '${describe(k)}' as a dict key`);
  return k;
}

function toInt(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') throw new UnpicklingError(`${what} is out of range (${v})`);
  throw new UnpicklingError(`${what} must be an int, got ${describe(v)}`);
}

function intList(v: unknown, what: string): number[] {
  const items = v instanceof PyTuple ? v.items : v instanceof PySize ? v.items : Array.isArray(v) ? v : null;
  if (items === null) throw new UnpicklingError(`${what} must be a tuple of ints, got ${describe(v)}`);
  if (items.length > 64) throw new UnpicklingError(`${what} has ${items.length} dimensions (at most 64)`);
  return items.map((x, i) => toInt(x, `${what}[${i}]`));
}

function args(v: unknown, fn: string, min: number, max: number): unknown[] {
  if (!(v instanceof PyTuple)) throw new UnpicklingError(`the arguments of ${fn} must be a tuple, got ${describe(v)}`);
  if (v.items.length < min || v.items.length > max) {
    throw new UnpicklingError(`${fn} takes ${min === max ? min : `${min} to ${max}`} arguments, got ${v.items.length}`);
  }
  return v.items;
}

function truthy(v: unknown): boolean {
  if (v instanceof PyDict) return v.map.size > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  return Boolean(v);
}

function tensorMetadata(v: unknown): { conj: boolean; neg: boolean } {
  if (v === undefined || v === null) return { conj: false, neg: false };
  if (!(v instanceof PyDict)) throw new UnpicklingError(`tensor metadata must be a dict, got ${describe(v)}`);
  let conj = false;
  let neg = false;
  for (const [k, x] of v.map) {
    if (k === 'conj') conj = truthy(x);
    else if (k === 'neg') neg = truthy(x);
    else throw new UnpicklingError(`unknown tensor metadata '${String(k)}'`);
  }
  return { conj, neg };
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new UnpicklingError("'latin-1' codec can't encode a character beyond U+00FF");
    out[i] = c;
  }
  return out;
}

/** What calling an allowed global with these arguments builds (REDUCE, and NEWOBJ for classes). */
function callGlobal(fn: PyGlobal, argv: unknown): unknown {
  const p = fn.path;
  if (p.startsWith('storage:')) throw new UnpicklingError(`storages are only loaded by persistent id, not by calling ${p.slice(8)}`);
  switch (p) {
    case 'collections.OrderedDict':
    case 'collections.Counter': {
      const a = args(argv, p, 0, 1);
      const d = new PyDict(p === 'collections.OrderedDict');
      if (a.length === 1) {
        const src = a[0];
        if (src instanceof PyDict) for (const [k, v] of src.map) d.map.set(k, v);
        else if (Array.isArray(src) || src instanceof PyTuple) {
          for (const kv of Array.isArray(src) ? src : src.items) {
            const pair = kv instanceof PyTuple ? kv.items : Array.isArray(kv) ? kv : null;
            if (pair === null || pair.length !== 2) throw new UnpicklingError(`${p} expects (key, value) pairs`);
            d.map.set(dictKey(pair[0]), pair[1]);
          }
        } else throw new UnpicklingError(`${p} cannot be built from ${describe(src)}`);
      }
      return d;
    }
    case 'builtins.set':
    case 'builtins.frozenset': {
      const a = args(argv, p, 0, 1);
      const src = a.length === 0 ? [] : a[0];
      const items = Array.isArray(src) ? src : src instanceof PyTuple ? src.items : src instanceof PySet ? src.items : null;
      if (items === null) throw new UnpicklingError(`${p} cannot be built from ${describe(src)}`);
      return new PySet([...items], p === 'builtins.frozenset');
    }
    case 'builtins.complex': {
      const a = args(argv, p, 0, 2);
      const num = (x: unknown) => {
        if (x instanceof PyFloat) return x.value;
        if (typeof x === 'number') return x;
        throw new UnpicklingError(`complex() arguments must be numbers, got ${describe(x)}`);
      };
      return new PyComplex(a.length > 0 ? num(a[0]) : 0, a.length > 1 ? num(a[1]) : 0);
    }
    case '_codecs.encode': {
      const a = args(argv, p, 1, 2);
      const enc = a.length > 1 ? a[1] : 'utf-8';
      if (typeof a[0] !== 'string') throw new UnpicklingError(`_codecs.encode expects a str, got ${describe(a[0])}`);
      if (enc === 'latin1' || enc === 'latin-1') return new PyBytes(latin1(a[0]));
      if (enc === 'utf-8' || enc === 'utf8') return new PyBytes(new Uint8Array(Buffer.from(a[0], 'utf8')));
      throw new UnpicklingError(`_codecs.encode with encoding ${String(enc)} is not supported`);
    }
    case 'builtins.bytearray':
    case 'builtins.bytes': {
      const a = args(argv, p, 0, 2);
      if (a.length === 0) return new PyBytes(new Uint8Array(0));
      if (a[0] instanceof PyBytes) return new PyBytes(a[0].data);
      if (typeof a[0] === 'string') {
        if (a[1] !== 'latin1' && a[1] !== 'latin-1') throw new UnpicklingError(`${p} from a str needs the latin1 encoding`);
        return new PyBytes(latin1(a[0]));
      }
      throw new UnpicklingError(`${p} cannot be built from ${describe(a[0])}`);
    }
    case 'torch.Size': {
      const a = args(argv, p, 0, 1);
      return new PySize(a.length === 0 ? [] : intList(a[0], 'torch.Size'));
    }
    case 'torch.device': {
      const a = args(argv, p, 1, 2);
      if (typeof a[0] !== 'string') throw new UnpicklingError(`torch.device expects a str, got ${describe(a[0])}`);
      const index = a.length > 1 && a[1] !== null ? toInt(a[1], 'device index') : null;
      return new PyDevice(index === null ? a[0] : `${a[0]}:${index}`);
    }
    case 'torch.serialization._get_layout': {
      const a = args(argv, p, 1, 1);
      if (a[0] !== 'torch.strided') throw new UnpicklingError(`the file uses layout ${String(a[0])}; torch-node loads strided tensors only`);
      return new PyLayout('strided');
    }
    case REBUILD + '_rebuild_tensor':
    case REBUILD + '_rebuild_tensor_v2':
    case REBUILD + '_rebuild_tensor_v3': {
      const v3 = p.endsWith('v3');
      const a = args(argv, p, v3 ? 7 : p.endsWith('v2') ? 6 : 4, v3 ? 8 : p.endsWith('v2') ? 7 : 4);
      const storage = a[0];
      if (!(storage instanceof PyStorage)) throw new UnpicklingError(`${p} expects a storage, got ${describe(storage)}`);
      const offset = toInt(a[1], 'storage offset');
      const size = intList(a[2], 'size');
      const stride = intList(a[3], 'stride');
      if (size.length !== stride.length) throw new UnpicklingError(`size has ${size.length} dimensions but stride has ${stride.length}`);
      const requiresGrad = a.length > 4 ? truthy(a[4]) : false;
      let dt = storage.dtype;
      if (v3) {
        if (!PY_DTYPE_VALUES.has(a[6] as dtype)) throw new UnpicklingError(`${p} expects a dtype, got ${describe(a[6])}`);
        dt = a[6] as dtype;
      }
      const meta = tensorMetadata(v3 ? a[7] : a[6]);
      return new PyTensor(storage, dt, offset, size, stride, requiresGrad, meta.conj, meta.neg);
    }
    case REBUILD + '_rebuild_parameter':
    case REBUILD + '_rebuild_parameter_with_state': {
      const a = args(argv, p, p.endsWith('state') ? 4 : 3, p.endsWith('state') ? 4 : 3);
      return makeParameter(a[0], a[1]);
    }
    case 'torch.nn.parameter.Parameter': {
      const a = args(argv, p, 0, 2);
      return makeParameter(a[0], a.length > 1 ? a[1] : true);
    }
    case REBUILD + '_rebuild_device_tensor_from_cpu_tensor': {
      const a = args(argv, p, 4, 4);
      const t = a[0];
      if (!(t instanceof PyTensor)) throw new UnpicklingError(`${p} expects a tensor, got ${describe(t)}`);
      if (!PY_DTYPE_VALUES.has(a[1] as dtype)) throw new UnpicklingError(`${p} expects a dtype, got ${describe(a[1])}`);
      const dev = a[2];
      const device = typeof dev === 'string' ? dev : dev instanceof PyDevice ? dev.spec : null;
      if (device === null) throw new UnpicklingError(`${p} expects a device, got ${describe(a[2])}`);
      t.convert = { dtype: a[1] as dtype, device };
      t.requires_grad = truthy(a[3]);
      return t;
    }
    case 'torch._tensor._rebuild_from_type_v2': {
      const a = args(argv, p, 4, 4);
      const [func, type, inner] = a;
      if (!(func instanceof PyGlobal) || !(type instanceof PyGlobal) || (type.path !== 'torch.Tensor' && type.path !== 'torch.nn.parameter.Parameter')) {
        throw new UnpicklingError(`${p} of ${describe(type)}: torch-node loads plain tensors and parameters only`);
      }
      const t = callGlobal(func, inner);
      if (!(t instanceof PyTensor)) throw new UnpicklingError(`${p} did not build a tensor`);
      if (type.path === 'torch.nn.parameter.Parameter') t.parameter = true;
      return t; // Python attributes set on the tensor (the state) are not kept
    }
    default:
      throw new UnpicklingError(`Trying to call reduce for unrecognized function ${p}`);
  }
}

const PY_DTYPE_VALUES = new Set<dtype>(Object.values(PY_DTYPES));

function makeParameter(data: unknown, requiresGrad: unknown): PyTensor {
  if (!(data instanceof PyTensor)) throw new UnpicklingError(`a Parameter's data must be a tensor, got ${describe(data)}`);
  data.parameter = true;
  data.requires_grad = truthy(requiresGrad);
  return data;
}

// ---- the machine ------------------------------------------------------------------------------------------------

export interface UnpickleOptions {
  /** Resolves a persistent id (a storage reference) to a value. */
  persistentLoad(pid: unknown): unknown;
  /** The most nested containers allowed (default 1000). */
  maxDepth?: number;
}

const MAX_LONG_BYTES = 8192;
const MAX_MEMO = 1 << 24;

/** Reads one pickle from data at `start`; returns the value and the offset just after its STOP. */
export function unpickle(data: Uint8Array, start: number, opts: UnpickleOptions): { value: unknown; end: number } {
  try {
    return run(data, start, opts);
  } catch (e) {
    if (e instanceof UnpicklingError || !(e instanceof RangeError || e instanceof SyntaxError)) throw e;
    throw new UnpicklingError(`the pickle is corrupt: ${e.message}`);
  }
}

function run(data: Uint8Array, start: number, opts: UnpickleOptions): { value: unknown; end: number } {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const n = buf.length;
  let pos = start;
  let stack: unknown[] = [];
  const metastack: unknown[][] = [];
  const memo = new Map<number, unknown>();

  const need = (k: number, what: string): number => {
    if (k < 0 || pos + k > n) throw new UnpicklingError(`the pickle is truncated (${what} needs ${k} bytes at offset ${pos}, ${n - pos} left)`);
    const at = pos;
    pos += k;
    return at;
  };
  const line = (what: string): string => {
    const end = buf.indexOf(10, pos);
    if (end < 0 || end - pos > 65536) throw new UnpicklingError(`the pickle is truncated or corrupt (no end of line for ${what})`);
    const s = buf.toString('latin1', pos, end);
    pos = end + 1;
    return s;
  };
  const pop = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError(`stack underflow at offset ${pos - 1} (the pickle is corrupt)`);
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) throw new UnpicklingError(`stack underflow at offset ${pos - 1} (the pickle is corrupt)`);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const items = stack;
    const prev = metastack.pop();
    if (prev === undefined) throw new UnpicklingError(`a MARK is missing at offset ${pos - 1} (the pickle is corrupt)`);
    stack = prev;
    return items;
  };
  const put = (i: number): void => {
    if (i < 0 || i >= MAX_MEMO) throw new UnpicklingError(`memo index ${i} out of range`);
    memo.set(i, top());
  };
  const get = (i: number): unknown => {
    if (!memo.has(i)) throw new UnpicklingError(`memo key ${i} is not defined (the pickle is corrupt)`);
    return memo.get(i);
  };
  const str = (k: number, what: string, enc: BufferEncoding = 'utf8'): string => {
    const at = need(k, what);
    return buf.toString(enc, at, at + k);
  };
  const bytes = (k: number, what: string): PyBytes => {
    const at = need(k, what);
    return new PyBytes(new Uint8Array(buf.subarray(at, at + k)));
  };
  const long = (k: number): number | bigint => {
    if (k > MAX_LONG_BYTES) throw new UnpicklingError(`an integer of ${k} bytes is too large`);
    const at = need(k, 'LONG');
    if (k === 0) return 0;
    let v = 0n;
    for (let i = k - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[at + i]);
    if (buf[at + k - 1] & 0x80) v -= 1n << BigInt(8 * k);
    return normInt(v);
  };
  const setItems = (target: unknown, items: unknown[], op: string): void => {
    if (!(target instanceof PyDict)) throw new UnpicklingError(`Can only ${op} for dict, collections.OrderedDict, collections.Counter, but got ${describe(target)}`);
    for (let i = 0; i + 1 < items.length; i += 2) target.map.set(dictKey(items[i]), items[i + 1]);
    if (items.length % 2 !== 0) throw new UnpicklingError(`${op} with an odd number of items`);
  };
  const appendTo = (target: unknown, items: unknown[], op: string): void => {
    if (Array.isArray(target)) {
      for (const x of items) target.push(x);
    } else if (target instanceof PySet && !target.frozen && op === 'ADDITEMS') {
      for (const x of items) target.items.push(x);
    } else throw new UnpicklingError(`Can only ${op === 'ADDITEMS' ? 'add to sets' : 'append to lists'}, but got ${describe(target)}`);
  };

  for (;;) {
    if (pos >= n) throw new UnpicklingError('the pickle is truncated (no STOP opcode)');
    const op = buf[pos++];
    switch (op) {
      case 0x80: { // PROTO
        const at = need(1, 'PROTO');
        if (buf[at] > 5) throw new UnpicklingError(`unsupported pickle protocol: ${buf[at]}`);
        break;
      }
      case 0x95: need(8, 'FRAME'); break; // FRAME: the length is advisory
      case 0x2e: // STOP
        if (stack.length === 0) throw new UnpicklingError('the pickle ends with an empty stack');
        return { value: stack[stack.length - 1], end: pos };
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4b: stack.push(buf[need(1, 'BININT1')]); break;
      case 0x4d: stack.push(buf.readUInt16LE(need(2, 'BININT2'))); break;
      case 0x4a: stack.push(buf.readInt32LE(need(4, 'BININT'))); break;
      case 0x8a: stack.push(long(buf[need(1, 'LONG1')])); break;
      case 0x8b: { // LONG4
        const k = buf.readInt32LE(need(4, 'LONG4'));
        if (k < 0) throw new UnpicklingError('LONG pickle has negative byte count');
        stack.push(long(k));
        break;
      }
      case 0x49: { // INT (text)
        const s = line('INT');
        if (s === '01') stack.push(true);
        else if (s === '00') stack.push(false);
        else stack.push(parseTextInt(s));
        break;
      }
      case 0x4c: stack.push(parseTextInt(line('LONG').replace(/L$/, ''))); break; // LONG (text)
      case 0x46: { // FLOAT (text)
        const s = line('FLOAT');
        const v = Number(s);
        if (Number.isNaN(v) && !/^[-+]?nan$/i.test(s.trim())) throw new UnpicklingError(`could not convert string to float: '${s}'`);
        stack.push(new PyFloat(v));
        break;
      }
      case 0x47: stack.push(new PyFloat(buf.readDoubleBE(need(8, 'BINFLOAT')))); break;
      case 0x58: stack.push(str(buf.readUInt32LE(need(4, 'BINUNICODE')), 'BINUNICODE')); break;
      case 0x8c: stack.push(str(buf[need(1, 'SHORT_BINUNICODE')], 'SHORT_BINUNICODE')); break;
      case 0x8d: stack.push(str(u64len(buf, need(8, 'BINUNICODE8')), 'BINUNICODE8')); break;
      case 0x56: stack.push(unescapeRaw(line('UNICODE'))); break;
      case 0x55: stack.push(str(buf[need(1, 'SHORT_BINSTRING')], 'SHORT_BINSTRING')); break; // Python 2 str
      case 0x54: { // BINSTRING
        const k = buf.readInt32LE(need(4, 'BINSTRING'));
        if (k < 0) throw new UnpicklingError('BINSTRING pickle has negative byte count');
        stack.push(str(k, 'BINSTRING'));
        break;
      }
      case 0x53: stack.push(parseTextString(line('STRING'))); break;
      case 0x43: stack.push(bytes(buf[need(1, 'SHORT_BINBYTES')], 'SHORT_BINBYTES')); break;
      case 0x42: stack.push(bytes(buf.readUInt32LE(need(4, 'BINBYTES')), 'BINBYTES')); break;
      case 0x8e: stack.push(bytes(u64len(buf, need(8, 'BINBYTES8')), 'BINBYTES8')); break;
      case 0x96: stack.push(bytes(u64len(buf, need(8, 'BYTEARRAY8')), 'BYTEARRAY8')); break;
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x7d: stack.push(new PyDict(false)); break; // EMPTY_DICT
      case 0x29: stack.push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x8f: stack.push(new PySet([], false)); break; // EMPTY_SET
      case 0x28: // MARK
        if (metastack.length >= (opts.maxDepth ?? 1000)) throw new UnpicklingError(`the pickle nests more than ${opts.maxDepth ?? 1000} levels of MARK`);
        metastack.push(stack);
        stack = [];
        break;
      case 0x31: popMark(); break; // POP_MARK
      case 0x30: pop(); break; // POP
      case 0x32: stack.push(top()); break; // DUP
      case 0x74: { const items = popMark(); stack.push(new PyTuple(items)); break; } // TUPLE
      case 0x85: stack.push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x6c: { const items = popMark(); stack.push(items); break; } // LIST
      case 0x64: { const items = popMark(); const d = new PyDict(false); setItems(d, items, 'DICT'); stack.push(d); break; } // DICT
      case 0x91: { const items = popMark(); stack.push(new PySet(items, true)); break; } // FROZENSET
      case 0x61: { const x = pop(); appendTo(top(), [x], 'APPEND'); break; } // APPEND
      case 0x65: { const items = popMark(); appendTo(top(), items, 'APPENDS'); break; } // APPENDS
      case 0x90: { const items = popMark(); appendTo(top(), items, 'ADDITEMS'); break; } // ADDITEMS
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v], 'SETITEM'); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items, 'SETITEMS'); break; } // SETITEMS
      case 0x70: put(parseTextInt(line('PUT'), true) as number); break; // PUT
      case 0x71: put(buf[need(1, 'BINPUT')]); break;
      case 0x72: put(buf.readUInt32LE(need(4, 'LONG_BINPUT'))); break;
      case 0x94: put(memo.size); break; // MEMOIZE
      case 0x67: stack.push(get(parseTextInt(line('GET'), true) as number)); break; // GET
      case 0x68: stack.push(get(buf[need(1, 'BINGET')])); break;
      case 0x6a: stack.push(get(buf.readUInt32LE(need(4, 'LONG_BINGET')))); break;
      case 0x63: { // GLOBAL
        const module = line('GLOBAL module');
        const name = line('GLOBAL name');
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new UnpicklingError('STACK_GLOBAL requires str');
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const argv = pop();
        const fn = pop();
        if (!(fn instanceof PyGlobal)) throw new UnpicklingError(`Trying to call reduce for unrecognized function ${describe(fn)}`);
        stack.push(callGlobal(fn, argv));
        break;
      }
      case 0x81: { // NEWOBJ
        const argv = pop();
        const cls = pop();
        if (!(cls instanceof PyGlobal) || !['torch.nn.parameter.Parameter', 'collections.OrderedDict', 'collections.Counter',
          'builtins.set', 'builtins.frozenset', 'builtins.complex', 'builtins.bytearray', 'torch.Size', 'torch.device'].includes(cls.path)) {
          throw new UnpicklingError(`Can only create new object for nn.Parameter or allowlisted classes, but got ${describe(cls)}`);
        }
        stack.push(callGlobal(cls, argv));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        const inst = top();
        if (inst instanceof PyDict && inst.ordered) {
          // OrderedDict state: its __dict__ (e.g. _metadata), maybe as (dict, slots)
          const d = state instanceof PyTuple && state.items.length === 2 ? state.items[0] : state;
          if (d === null) break;
          if (!(d instanceof PyDict)) throw new UnpicklingError(`the state of an OrderedDict must be a dict, got ${describe(d)}`);
          inst.attrs ??= new Map();
          for (const [k, v] of d.map) {
            if (typeof k !== 'string') throw new UnpicklingError('attribute names must be strings');
            inst.attrs.set(k, v);
          }
        } else if (inst instanceof PyTensor && inst.parameter) {
          // a Parameter's Python attributes: not kept
        } else {
          throw new UnpicklingError(`Can only build Tensor, Parameter, OrderedDict or types allowlisted via add_safe_globals, but got ${describe(inst)}`);
        }
        break;
      }
      case 0x51: { // BINPERSID
        const pid = pop();
        stack.push(opts.persistentLoad(pid));
        break;
      }
      case 0x50: stack.push(opts.persistentLoad(line('PERSID'))); break;
      case 0x69: throw new UnpicklingError('the INST opcode (building an arbitrary class instance) is not allowed');
      case 0x6f: throw new UnpicklingError('the OBJ opcode (building an arbitrary class instance) is not allowed');
      case 0x92: throw new UnpicklingError('the NEWOBJ_EX opcode is not allowed');
      case 0x82: case 0x83: case 0x84: throw new UnpicklingError('the EXT opcodes (the extension registry) are not allowed');
      case 0x97: case 0x98: throw new UnpicklingError('out-of-band buffers (pickle protocol 5) are not supported');
      default:
        throw new UnpicklingError(`Unsupported operand ${op} at offset ${pos - 1}`);
    }
  }
}

function u64len(buf: Buffer, at: number): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(buf.length)) throw new UnpicklingError(`a length of ${v} bytes is beyond the pickle's end`);
  return Number(v);
}

function normInt(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function parseTextInt(s: string, index = false): number | bigint {
  const t = s.trim();
  if (!/^[-+]?\d{1,4300}$/.test(t)) throw new UnpicklingError(`invalid literal for int(): '${s.slice(0, 40)}'`);
  const v = normInt(BigInt(t));
  if (index && (typeof v !== 'number' || v < 0)) throw new UnpicklingError(`memo index ${t} out of range`);
  return v;
}

function parseTextString(s: string): string {
  const q = s[0];
  if (s.length < 2 || (q !== '"' && q !== "'") || s[s.length - 1] !== q) throw new UnpicklingError('the STRING opcode argument must be quoted');
  return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => (e[0] === 'x' ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e));
}

function unescapeRaw(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string, b: string) => String.fromCodePoint(parseInt(a ?? b, 16)));
}

export { STORAGE_DTYPES };
