// torch.nn.parallel.scatter / scatter_kwargs / gather (scatter_gather.py): tensors inside arrays and plain objects
// are split across devices (Scatter) or joined on one (Gather); other values are shared by every device.
import { Tensor } from '../../tensor/tensor';
import { isOpts } from '../../tensor/args';
import { ValueError } from '../../errors';
import { Gather, Scatter } from './_functions';
import { type DeviceId } from './devices';

const zip = <T>(lists: T[][]): T[][] => {
  const n = Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
};

/** One value per device: tensors split along dim, arrays and plain objects per device, anything else shared. */
export function scatter(inputs: unknown, target_gpus: readonly DeviceId[], dim = 0): unknown[] {
  const map = (obj: unknown): unknown[] => {
    if (obj instanceof Tensor) {
      const r = Scatter.apply([...target_gpus], null, dim, obj) as Tensor | Tensor[];
      return r instanceof Tensor ? [r] : r;
    }
    if (Array.isArray(obj) && obj.length > 0) return zip(obj.map(map));
    if (isOpts(obj) && Object.keys(obj as object).length > 0) {
      const entries = Object.entries(obj as Record<string, unknown>);
      const perDevice = zip(entries.map(([, v]) => map(v)));
      return perDevice.map((vals) => Object.fromEntries(entries.map(([k], i) => [k, vals[i]])));
    }
    return target_gpus.map(() => obj);
  };
  return map(inputs);
}

/** Scatters positional and keyword arguments, padding the shorter list (Python's scatter_kwargs). */
export function scatter_kwargs(
  inputs: readonly unknown[],
  kwargs: Record<string, unknown> | null,
  target_gpus: readonly DeviceId[],
  dim = 0,
): [unknown[][], Record<string, unknown>[]] {
  const scatteredInputs = (inputs.length > 0 ? scatter([...inputs], target_gpus, dim) : []) as unknown[][];
  const scatteredKwargs = (kwargs !== null && Object.keys(kwargs).length > 0 ? scatter(kwargs, target_gpus, dim) : []) as Record<string, unknown>[];
  while (scatteredInputs.length < scatteredKwargs.length) scatteredInputs.push([]);
  while (scatteredKwargs.length < scatteredInputs.length) scatteredKwargs.push({});
  return [scatteredInputs, scatteredKwargs];
}

/** Joins the replicas' outputs on target_device: tensors concatenated along dim, arrays and objects per element. */
export function gather(outputs: readonly unknown[], target_device: DeviceId, dim = 0): unknown {
  const map = (outs: readonly unknown[]): unknown => {
    const out = outs[0];
    if (out instanceof Tensor) return Gather.apply(target_device, dim, ...(outs as Tensor[]));
    if (out === null || out === undefined) return null;
    if (isOpts(out)) {
      const keys = Object.keys(out as object);
      if (!outs.every((d) => Object.keys(d as object).length === keys.length)) {
        throw new ValueError('All dicts must have the same number of keys');
      }
      return Object.fromEntries(keys.map((k) => [k, map(outs.map((d) => (d as Record<string, unknown>)[k]))]));
    }
    if (Array.isArray(out)) return zip(outs as unknown[][]).map(map);
    return out;
  };
  return map(outputs);
}
