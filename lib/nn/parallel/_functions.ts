// The autograd Functions of data parallelism (torch/nn/parallel/_functions.py): Broadcast / ReduceAddCoalesced
// (parameters out to the replicas, gradients summed back) and Scatter / Gather (inputs split to the devices,
// outputs joined). Each one's backward is the other.
import { Function as AutogradFunction, type FunctionCtx } from '../../autograd/function';
import { Tensor } from '../../tensor/tensor';
import { warn } from '../../warnings';
import * as comm from './comm';
import { type DeviceId, toDev } from './devices';

type Ctx = FunctionCtx & Record<string, unknown>;

export class Broadcast extends AutogradFunction {
  static override forward(ctx: Ctx, target_gpus: DeviceId[], ...inputs: Tensor[]): Tensor[] {
    ctx.target_gpus = target_gpus;
    if (inputs.length === 0) return [];
    ctx.num_inputs = inputs.length;
    ctx.input_device = inputs[0].device;
    const outputs = comm.broadcast_coalesced(inputs, target_gpus);
    const nonDifferentiable: Tensor[] = [];
    ctx.needs_input_grad.slice(1).forEach((needs, idx) => {
      if (!needs) for (const out of outputs) nonDifferentiable.push(out[idx]);
    });
    ctx.mark_non_differentiable(...nonDifferentiable);
    return outputs.flat();
  }
  static override backward(ctx: Ctx, ...grad_outputs: (Tensor | null)[]): (Tensor | null)[] {
    const grads = ReduceAddCoalesced.apply(ctx.input_device, ctx.num_inputs, ...grad_outputs) as Tensor | Tensor[];
    return [null, ...(grads instanceof Tensor ? [grads] : grads)];
  }
}

export class ReduceAddCoalesced extends AutogradFunction {
  static override forward(ctx: Ctx, destination: DeviceId, num_inputs: number, ...grads: Tensor[]): Tensor[] {
    const perDevice: Tensor[][] = [];
    for (let i = 0; i < grads.length; i += num_inputs) perDevice.push(grads.slice(i, i + num_inputs));
    ctx.target_gpus = perDevice.map((g) => g[0].device);
    return comm.reduce_add_coalesced(perDevice, destination);
  }
  static override backward(ctx: Ctx, ...grad_outputs: (Tensor | null)[]): (Tensor | null)[] {
    const out = Broadcast.apply(ctx.target_gpus, ...grad_outputs) as Tensor | Tensor[];
    return [null, null, ...(out instanceof Tensor ? [out] : out)];
  }
}

export class Gather extends AutogradFunction {
  static override forward(ctx: Ctx, target_device: DeviceId, dim: number, ...inputs: Tensor[]): Tensor {
    ctx.target_device = toDev(target_device);
    ctx.dim = dim;
    ctx.input_gpus = inputs.map((i) => i.device);
    let ins = inputs;
    if (inputs.every((t) => t.dim() === 0) && dim === 0) {
      ins = inputs.map((t) => t.view(1));
      warn('Was asked to gather along dimension 0, but all input tensors were scalars; will instead unsqueeze and return a vector.');
      ctx.unsqueezed_scalar = true;
    } else {
      ctx.unsqueezed_scalar = false;
    }
    ctx.input_sizes = ins.map((i) => i.size(dim));
    return comm.gather(ins, dim, ctx.target_device as DeviceId);
  }
  static override backward(ctx: Ctx, grad_output: Tensor): (Tensor | null)[] {
    let scattered = Scatter.apply(ctx.input_gpus, ctx.input_sizes, ctx.dim, grad_output) as Tensor | Tensor[];
    let list = scattered instanceof Tensor ? [scattered] : scattered;
    if (ctx.unsqueezed_scalar) list = list.map((g) => g.select(0, 0));
    scattered = list;
    return [null, null, ...list];
  }
}

export class Scatter extends AutogradFunction {
  static override forward(ctx: Ctx, target_gpus: DeviceId[], chunk_sizes: number[] | null, dim: number, input: Tensor): Tensor[] {
    ctx.dim = dim;
    ctx.input_device = input.device;
    return comm.scatter(input, target_gpus, chunk_sizes, dim);
  }
  static override backward(ctx: Ctx, ...grad_output: (Tensor | null)[]): (Tensor | null)[] {
    return [null, null, null, Gather.apply(ctx.input_device, ctx.dim, ...grad_output) as Tensor];
  }
}
