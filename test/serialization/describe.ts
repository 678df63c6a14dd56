// The description of a loaded value that test/serialization/pyref.py computes for Python: types (int vs float,
// tuple vs list, dict vs OrderedDict and its _metadata), tensors' dtype/shape/stride/offset/requires_grad/bytes and
// which tensors share a storage. Equal descriptions mean Python and torch-node hold the same thing.
import torch from '../../lib';
import { Tensor } from '../../lib/tensor/tensor';
import { native } from '../../lib/native/binding';
import { storageBytes } from '../../lib/tensor/storage';
import { dtype } from '../../lib/dtype';
import { device } from '../../lib/device';
import { COMPLEX, FLOATS, ORDERED, SIZE, TUPLE } from '../../lib/serialization/pickle/values';

type Desc = unknown;

/** json.dumps(x, sort_keys=True) of Python (its default separators). */
function pyJson(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `[${x.map(pyJson).join(', ')}]`;
  if (typeof x === 'object') {
    return `{${Object.keys(x as object).sort().map((k) => `${JSON.stringify(k)}: ${pyJson((x as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  if (typeof x === 'number' && Number.isInteger(x)) return String(x);
  return JSON.stringify(x);
}

function num(v: number, asFloat: boolean): Desc {
  if (Object.is(v, -0)) return { f: '-0.0' };
  if (Number.isNaN(v)) return { f: 'nan' };
  if (v === Infinity) return { f: 'inf' };
  if (v === -Infinity) return { f: '-inf' };
  if (asFloat || !Number.isInteger(v)) return { f: v };
  return { i: String(v) };
}

function tensorBytes(t: Tensor): string {
  return torch.tidy(() => {
    let c = t.detach().resolve_conj().resolve_neg().contiguous();
    if (!c.is_cpu) c = c.cpu();
    if (c.numel() === 0) return '';
    const all = storageBytes(c._h);
    const start = c.storage_offset() * c.element_size();
    return Buffer.from(all.buffer, all.byteOffset + start, c.numel() * c.element_size()).toString('base64');
  });
}

export function describe(v: unknown, sids = new Map<string, number>(), asFloat = false): Desc {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return { bo: v };
  if (typeof v === 'number') return num(v, asFloat);
  if (typeof v === 'bigint') return { i: v.toString() };
  if (typeof v === 'string') return { s: v };
  if (v instanceof torch.serialization.PyFloat) return num(v.value, true);
  if (v instanceof Tensor) {
    const [key, , , dev] = native.storageInfo(v._h);
    const k = `${dev}:${key}`;
    if (!sids.has(k)) sids.set(k, sids.size);
    return {
      t: v.dtype.name, shape: v.shape, stride: v.stride(), offset: v.storage_offset(), rg: v.requires_grad,
      conj: v.is_conj(), sid: sids.get(k), data: tensorBytes(v), param: v instanceof torch.nn.Parameter,
    };
  }
  if (v instanceof dtype) return { dtype: v.name };
  if (v instanceof device) return { dev: v.toString() };
  if (v instanceof Uint8Array) return { b: Buffer.from(v).toString('base64') };
  const floats = (v as { [FLOATS]?: Set<unknown> })[FLOATS];
  const fl = (k: unknown) => floats?.has(k) ?? false;
  if (Array.isArray(v)) {
    if ((v as { [SIZE]?: boolean })[SIZE]) return { size: [...v] };
    const items = v.map((x, i) => describe(x, sids, fl(i)));
    return (v as { [TUPLE]?: boolean })[TUPLE] ? { tu: items } : { l: items };
  }
  if (v instanceof Set) return { set: [...v].map((x) => pyJson(describe(x))).sort() };
  if ((v as { [COMPLEX]?: boolean })[COMPLEX]) return { c: [(v as { real: number }).real, (v as { imag: number }).imag] };
  const entries: [unknown, unknown][] = v instanceof Map ? [...v] : Object.entries(v as object);
  const items = entries.map(([k, x]) => [describe(k, sids), describe(x, sids, fl(k))]);
  const metaDesc = Object.getOwnPropertyDescriptor(v, '_metadata');
  const hasMeta = metaDesc !== undefined && !metaDesc.enumerable;
  if ((v as { [ORDERED]?: boolean })[ORDERED] || hasMeta) {
    const d: Record<string, unknown> = { od: items };
    if (hasMeta) d.meta = describe(metaDesc!.value, sids);
    return d;
  }
  return { d: items };
}

const INDEX_KEY = /^(0|[1-9]\d*)$/;
/** A Python description with string-keyed dicts in the order a JavaScript object keeps them: keys that are array
 *  indices ('0', '1', ...) first, ascending, then the others in insertion order (docs/decisions.md). */
export function jsOrder(d: unknown): unknown {
  if (Array.isArray(d)) return d.map(jsOrder);
  if (d === null || typeof d !== 'object') return d;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) o[k] = jsOrder(v);
  for (const kind of ['d', 'od']) {
    const entries = o[kind] as [{ s?: string }, unknown][] | undefined;
    if (entries === undefined || !entries.every(([k]) => typeof k?.s === 'string')) continue;
    const idx = entries.filter(([k]) => INDEX_KEY.test(k.s!) && Number(k.s) < 2 ** 32 - 1).sort((a, b) => Number(a[0].s) - Number(b[0].s));
    const rest = entries.filter(([k]) => !(INDEX_KEY.test(k.s!) && Number(k.s) < 2 ** 32 - 1));
    o[kind] = [...idx, ...rest];
  }
  return o;
}
