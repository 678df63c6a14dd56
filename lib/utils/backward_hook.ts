// Full module backward hooks, after PyTorch's torch/utils/hooks.py (BackwardHook) and
// torch/nn/modules/_functions.py (BackwardHookFunction). A module's tensor inputs and outputs pass through an
// identity autograd Function; a hook on the outputs' node sees grad_output (and runs the backward pre-hooks), a
// hook on the inputs' node sees grad_input (and runs the backward hooks, which may replace it). Apart from
// ./hooks so that the core Tensor class can import RemovableHandle without importing autograd.Function.
import { Tensor } from '../tensor/tensor';
import { Function, type FunctionCtx } from '../autograd/function';
import { is_grad_enabled } from '../autograd/grad_mode';
import type { GradFn } from '../tensor/tensor';
import { TorchError } from '../errors';
import { warn } from '../warnings';

export type Grads = (Tensor | null)[];
/** hook(module, grad_input, grad_output) -> new grad_input or null. */
export type ModuleBackwardHook<M> = (module: M, grad_input: Grads, grad_output: Grads) => Grads | null | undefined | void;
/** hook(module, grad_output) -> new grad_output or null. */
export type ModuleBackwardPreHook<M> = (module: M, grad_output: Grads) => Grads | null | undefined | void;

/** The identity whose node marks where a module's inputs and outputs enter the graph. */
export class BackwardHookFunction extends Function {
  static override forward(ctx: FunctionCtx, ...args: Tensor[]): Tensor[] {
    ctx.mark_non_differentiable(...args.filter((a) => !a.requires_grad));
    return args;
  }
  static override backward(_ctx: FunctionCtx, ...args: (Tensor | null)[]): (Tensor | null)[] {
    return args;
  }
}

export class BackwardHook<M> {
  grad_outputs: Grads | null = null;
  n_outputs = -1;
  output_tensors_index: number[] | null = null;
  n_inputs = -1;
  input_tensors_index: number[] | null = null;

  constructor(
    readonly module: M,
    readonly user_hooks: ModuleBackwardHook<M>[],
    readonly user_pre_hooks: ModuleBackwardPreHook<M>[],
  ) {}

  private _pack_with_none(indices: number[], values: Grads, size: number): Grads {
    const res: Grads = new Array<Tensor | null>(size).fill(null);
    indices.forEach((idx, i) => {
      res[idx] = values[i];
    });
    return res;
  }

  private _unpack_none(indices: number[], values: Grads): Grads {
    return indices.map((idx) => values[idx]);
  }

  private _set_user_hook(grad_fn: GradFn): void {
    grad_fn.register_hook((grad_input) => {
      if (this.grad_outputs === null) return undefined; // the outputs got no gradient (not used in the loss)
      let res = this._pack_with_none(this.input_tensors_index!, grad_input, this.n_inputs);
      for (const hook of this.user_hooks) {
        const out = hook(this.module, res, this.grad_outputs);
        if (out === undefined || out === null) continue;
        if (out.length !== res.length) {
          throw new TorchError(`Backward hook returned an invalid number of grad_input, got ${out.length}, but expected ${res.length}`);
        }
        res = out;
      }
      this.grad_outputs = null;
      return this._unpack_none(this.input_tensors_index!, res);
    });
  }

  private _apply_on_tensors(fn: (grad_fn: GradFn) => void, args: unknown[]): [unknown[], number[] | null] {
    const tensors_idx: number[] = [];
    const tensors: Tensor[] = [];
    let requires_grad = false;
    args.forEach((arg, i) => {
      if (arg instanceof Tensor) {
        tensors_idx.push(i);
        tensors.push(arg);
        requires_grad ||= arg.requires_grad;
      }
    });
    if (!(requires_grad && is_grad_enabled())) return [args, null];
    const new_tensors = BackwardHookFunction.apply(...tensors) as Tensor[];
    if (new_tensors.length === 0) throw new TorchError('Cannot set Module backward hook for a Module with no input Tensors.');
    const grad_fns = new_tensors.map((t) => t.grad_fn).filter((g): g is GradFn => g !== null && g.name() === 'BackwardHookFunctionBackward');
    if (grad_fns.length === 0) {
      throw new TorchError('Error while setting up backward hooks. Please open an issue with a code sample to reproduce this.');
    }
    fn(grad_fns[0]);
    const arg_list = [...args];
    tensors_idx.forEach((idx, i) => {
      arg_list[idx] = new_tensors[i];
    });
    return [arg_list, tensors_idx];
  }

  /** Wraps the module's positional arguments (an array: Python's args tuple). */
  setup_input_hook(args: unknown[]): unknown[] {
    const [res, input_idx] = this._apply_on_tensors((grad_fn) => this._set_user_hook(grad_fn), args);
    this.n_inputs = args.length;
    this.input_tensors_index = input_idx;
    return res;
  }

  /** Wraps the module's output: a tensor, or an array of values (Python's tuple). */
  setup_output_hook(output: unknown): unknown {
    const fn = (grad_fn: GradFn): void => {
      grad_fn.register_hook((_, grad_output) => {
        this.grad_outputs = this._pack_with_none(this.output_tensors_index!, grad_output, this.n_outputs);
        if (this.user_pre_hooks.length > 0) {
          const expected_len = this.grad_outputs.length;
          for (const user_pre_hook of this.user_pre_hooks) {
            const hook_grad_outputs = user_pre_hook(this.module, this.grad_outputs);
            if (hook_grad_outputs === undefined || hook_grad_outputs === null) continue;
            const actual_len = hook_grad_outputs.length;
            if (actual_len !== expected_len) {
              throw new TorchError(`Backward pre hook returned an invalid number of grad_output, got ${actual_len}, but expected ${expected_len}`);
            }
            this.grad_outputs = hook_grad_outputs;
          }
        }
        // the user pre-hooks may have replaced grad_outputs; the inputs' hook resets it
        const local_grad_outputs = this.grad_outputs;
        if (this.input_tensors_index === null) {
          warn(
            'Full backward hook is firing when gradients are computed with respect to module outputs since no ' +
              'inputs require gradients. See https://docs.pytorch.org/docs/main/generated/torch.nn.Module.html#torch.nn.Module.register_full_backward_hook for more details.',
          );
          const grad_inputs = this._pack_with_none([], [], this.n_inputs);
          for (const user_hook of this.user_hooks) {
            const res = user_hook(this.module, grad_inputs, this.grad_outputs!);
            if (res !== undefined && res !== null && !(Array.isArray(res) && res.every((el) => el === null || el === undefined))) {
              throw new TorchError('Backward hook for Modules where no input requires gradient should always return None or None for all gradients.');
            }
          }
          this.grad_outputs = null;
        }
        if (local_grad_outputs !== null) return this.output_tensors_index!.map((i) => local_grad_outputs[i]);
        return undefined;
      });
    };
    const is_tuple = Array.isArray(output);
    const args = is_tuple ? output : [output];
    const [res, output_idx] = this._apply_on_tensors(fn, args);
    this.n_outputs = args.length;
    this.output_tensors_index = output_idx;
    return is_tuple ? res : res[0];
  }
}
