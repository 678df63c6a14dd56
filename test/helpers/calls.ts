// Shared by the parity suites: rebuilding Python's tensors from their raw bytes, calling an op by its Python
// name, and naming a call in test titles.
import torch from '../../lib';

export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes?: string;
}

/** The exact tensor Python described (pyref_common.raw_bytes), as a fresh contiguous tensor. */
export function tensorFromBytes(r: RawTensor): torch.Tensor {
  const dtype = torch[r.dtype as 'float32'] as torch.dtype;
  if (r.shape.includes(0)) return torch.empty(r.shape, { dtype });
  const bytes = new Uint8Array(Buffer.from(r.bytes ?? '', 'base64'));
  return torch.frombuffer(bytes, { dtype }).reshape(r.shape).clone();
}

/** Runs 'torch.add' / 'torch.linalg.svd' (a torch function) or '.sum' (a method of the first argument); keyword
 *  arguments become the trailing options object. */
export function callOp(call: string, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  const all = kwargs === undefined ? [...args] : [...args, kwargs];
  let fn: unknown = torch;
  let self: unknown;
  if (call.startsWith('.')) {
    self = all.shift();
    fn = (self as Record<string, unknown>)[call.slice(1)];
  } else {
    for (const part of call.split('.').slice(1)) fn = (fn as Record<string, unknown>)[part];
  }
  if (typeof fn !== 'function') throw new Error(`${call} is not a function in torch-node`);
  return (fn as (...a: unknown[]) => unknown).apply(self, all);
}

type ShownArg = number | boolean | string | null | { t: string; grad?: boolean } | { dtype: string } | ShownArg[];

/** A readable title for a case: torch.add(A, B', alpha=2) (a prime marks an input that requires grad). */
export function callLabel(call: string, args: ShownArg[], kwargs?: Record<string, ShownArg>, prefix = ''): string {
  const show = (a: ShownArg): string =>
    Array.isArray(a)
      ? `[${a.map(show).join(', ')}]`
      : a !== null && typeof a === 'object'
        ? 't' in a
          ? a.t + (a.grad ? "'" : '')
          : `torch.${a.dtype}`
        : JSON.stringify(a);
  const kw = kwargs ? Object.entries(kwargs).map(([k, v]) => `${k}=${show(v)}`) : [];
  return `${prefix}${call}(${[...args.map(show), ...kw].join(', ')})`;
}
