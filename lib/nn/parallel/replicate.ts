// torch.nn.parallel.replicate (replicate.py): a copy of a module tree per device whose parameters are broadcast
// copies of the original's (so gradients flow back to the original parameters), with buffers copied too.
import { Tensor } from '../../tensor/tensor';
import { Module } from '../module';
import { Broadcast } from './_functions';
import * as comm from './comm';
import { type DeviceId } from './devices';

function broadcastReshape(tensors: Tensor[], devices: readonly DeviceId[], detach: boolean): Tensor[][] {
  if (tensors.length === 0) return [];
  if (detach) return comm.broadcast_coalesced(tensors.map((t) => t.detach()), devices);
  const copies = Broadcast.apply([...devices], ...tensors) as Tensor | Tensor[];
  const flat = copies instanceof Tensor ? [copies] : copies;
  const out: Tensor[][] = [];
  for (let i = 0; i < flat.length; i += tensors.length) out.push(flat.slice(i, i + tensors.length));
  return out;
}

/** One replica of `network` per device (detach: copies that do not lead gradients back). */
export function replicate<T extends Module>(network: T, devices: readonly DeviceId[], detach = false): T[] {
  if (devices.length === 0) return [];
  const n = devices.length;
  const params = [...network.parameters()];
  const paramIndex = new Map(params.map((p, i) => [p, i]));
  const paramCopies = broadcastReshape(params, devices, detach);
  const buffers = [...network.buffers()];
  const buffersRg = buffers.filter((b) => b.requires_grad && !detach);
  const buffersNotRg = buffers.filter((b) => !(b.requires_grad && !detach));
  const indexRg = new Map(buffersRg.map((b, i) => [b, i]));
  const indexNotRg = new Map(buffersNotRg.map((b, i) => [b, i]));
  const copiesRg = broadcastReshape(buffersRg, devices, detach);
  const copiesNotRg = broadcastReshape(buffersNotRg, devices, true);

  const modules = [...network.modules()];
  const moduleIndex = new Map(modules.map((m, i) => [m, i]));
  const copies: Module[][] = devices.map(() => []);
  for (const m of modules) {
    for (let j = 0; j < n; j++) {
      const replica = m._replicate_for_data_parallel();
      (replica as unknown as { _former_parameters: Map<string, Tensor> })._former_parameters = new Map();
      copies[j].push(replica);
    }
  }
  modules.forEach((m, i) => {
    for (const [key, child] of m._modules) {
      for (let j = 0; j < n; j++) {
        const replica = copies[j][i];
        if (child === null) replica._modules.set(key, null);
        else (replica as unknown as Record<string, unknown>)[key] = copies[j][moduleIndex.get(child)!];
      }
    }
    for (const [key, param] of m._parameters) {
      for (let j = 0; j < n; j++) {
        const replica = copies[j][i];
        if (param === null) {
          replica._parameters.set(key, null);
        } else {
          const copy = paramCopies[j][paramIndex.get(param)!];
          (replica as unknown as Record<string, unknown>)[key] = copy;
          (replica as unknown as { _former_parameters: Map<string, Tensor> })._former_parameters.set(key, copy);
        }
      }
    }
    for (const [key, buf] of m._buffers) {
      for (let j = 0; j < n; j++) {
        const replica = copies[j][i];
        if (buf === null) {
          replica._buffers.set(key, null);
        } else {
          const rg = buf.requires_grad && !detach;
          const copy = rg ? copiesRg[j][indexRg.get(buf)!] : copiesNotRg[j][indexNotRg.get(buf)!];
          (replica as unknown as Record<string, unknown>)[key] = copy;
        }
      }
    }
  });
  return copies.map((c) => c[0] as T);
}
