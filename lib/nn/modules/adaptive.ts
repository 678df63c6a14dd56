// AdaptiveLogSoftmaxWithLoss, after PyTorch's torch/nn/modules/adaptive.py: the efficient softmax approximation of
// Grave et al. (2016) for large output spaces; a head over the shortlist and one cluster token per tail, each tail
// a Sequential of two Linears without bias.
import type { Tensor } from '../../tensor/tensor';
import type { DeviceLike } from '../../device';
import type { dtype } from '../../dtype';
import { argmax } from '../../generated/torch_functions';
import * as F from '../functional';
import { type PyArgs, parse, req, sizeRepr } from '../functional/_utils';
import { TorchError, ValueError } from '../../errors';
import { Module } from '../module';
import { Linear } from './linear';
import { ModuleList, Sequential } from './container';

/** The result of AdaptiveLogSoftmaxWithLoss.forward: [output, loss], also as .output and .loss. */
export type ASMoutput = [Tensor, Tensor] & { output: Tensor; loss: Tensor };

function asmOutput(output: Tensor, loss: Tensor): ASMoutput {
  const r = [output, loss] as ASMoutput;
  Object.defineProperty(r, 'output', { value: output, enumerable: false });
  Object.defineProperty(r, 'loss', { value: loss, enumerable: false });
  return r;
}

const rows = (mask: Tensor): Tensor => (mask.nonzero() as Tensor).squeeze(1);

/** AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None,
 *  dtype=None). forward(input, target) -> [output, loss]; log_prob(input); predict(input). */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  declare in_features: number;
  declare n_classes: number;
  declare cutoffs: number[];
  declare div_value: number;
  declare head_bias: boolean;
  declare shortlist_size: number;
  declare n_clusters: number;
  declare head_size: number;
  declare head: Linear;
  declare tail: ModuleList;

  constructor(
    in_features: number, n_classes: number, cutoffs: number[],
    ...args: PyArgs<[div_value: number, head_bias: boolean, device: DeviceLike | null, dtype: dtype | null], { div_value?: number; head_bias?: boolean; device?: DeviceLike | null; dtype?: dtype | null }>
  );
  constructor(options: { in_features: number; n_classes: number; cutoffs: number[]; div_value?: number; head_bias?: boolean; device?: DeviceLike | null; dtype?: dtype | null });
  constructor(...args: unknown[]) {
    super();
    const a = parse('AdaptiveLogSoftmaxWithLoss.__init__', args, {
      in_features: req<number>(), n_classes: req<number>(), cutoffs: req<number[]>(), div_value: 4.0, head_bias: false,
      device: null as DeviceLike | null, dtype: null as dtype | null,
    });
    const fk = { device: a.device, dtype: a.dtype };
    const cutoffs = [...a.cutoffs];
    if (cutoffs.length === 0) throw new ValueError('cutoffs should be a sequence of length larger than 0');
    const sorted = [...cutoffs].sort((x, y) => x - y);
    if (
      cutoffs.some((c, i) => c !== sorted[i]) || Math.min(...cutoffs) <= 0 || Math.max(...cutoffs) > a.n_classes - 1
      || new Set(cutoffs).size !== cutoffs.length || cutoffs.some((c) => !Number.isInteger(c))
    ) {
      throw new ValueError('cutoffs should be a sequence of unique, positive integers sorted in an increasing order, where each value is between 1 and n_classes-1');
    }
    this.in_features = a.in_features;
    this.n_classes = a.n_classes;
    this.cutoffs = [...cutoffs, a.n_classes];
    this.div_value = a.div_value;
    this.head_bias = a.head_bias;
    this.shortlist_size = this.cutoffs[0];
    this.n_clusters = this.cutoffs.length - 1;
    this.head_size = this.shortlist_size + this.n_clusters;
    this.head = new Linear(this.in_features, this.head_size, { bias: this.head_bias, ...fk });
    this.tail = new ModuleList();
    for (let i = 0; i < this.n_clusters; i++) {
      const hsz = Math.floor(this.in_features / this.div_value ** (i + 1));
      const osz = this.cutoffs[i + 1] - this.cutoffs[i];
      this.tail.append(new Sequential(new Linear(this.in_features, hsz, { bias: false, ...fk }), new Linear(hsz, osz, { bias: false, ...fk })));
    }
  }

  reset_parameters(): void {
    this.head.reset_parameters();
    for (const seq of this.tail) for (const lin of seq.children()) (lin as Linear).reset_parameters();
  }

  private cluster(i: number): Module {
    return this.tail.at(i);
  }

  override forward(input_: Tensor, target_: Tensor): ASMoutput {
    const targ_dim = target_.dim();
    if (targ_dim === 1) {
      if (input_.size(0) !== target_.size(0)) throw new TorchError('Input and target should have the same size in the batch dimension.');
      if (input_.dim() !== 2) throw new TorchError(`('1D target tensor expects 2D input tensors, but found inputs with size', ${sizeRepr([...input_.shape])})`);
    } else if (targ_dim === 0) {
      if (input_.dim() !== 1) throw new TorchError(`('0D target tensor expects 1D input tensors, but found inputs with size', ${sizeRepr([...input_.shape])})`);
    } else {
      throw new TorchError('0D or 1D target tensor expected, multi-target not supported');
    }
    const is_batched = targ_dim > 0;
    const input = is_batched ? input_ : input_.unsqueeze(0);
    const target = is_batched ? target_ : target_.unsqueeze(0);
    let used_rows = 0;
    const batch_size = target.size(0);
    let output = input.new_zeros([batch_size]);
    const gather_inds = target.new_empty([batch_size]);
    const cutoff_values = [0, ...this.cutoffs];
    for (let i = 0; i < cutoff_values.length - 1; i++) {
      const low_idx = cutoff_values[i];
      const high_idx = cutoff_values[i + 1];
      const target_mask = target.ge(low_idx).logical_and(target.lt(high_idx));
      const row_indices = rows(target_mask);
      if (row_indices.numel() === 0) continue;
      if (i === 0) {
        gather_inds.index_copy_(0, row_indices, target.masked_select(target_mask));
      } else {
        const relative_target = target.masked_select(target_mask).sub(low_idx);
        const input_subset = input.index_select(0, row_indices);
        const cluster_output = (this.cluster(i - 1) as unknown as (x: Tensor) => Tensor)(input_subset);
        const cluster_index = this.shortlist_size + i - 1;
        gather_inds.index_fill_(0, row_indices, cluster_index);
        const cluster_logprob = F.log_softmax(cluster_output, { dim: 1 });
        const local_logprob = cluster_logprob.gather(1, relative_target.unsqueeze(1));
        output.index_copy_(0, row_indices, local_logprob.squeeze(1));
      }
      used_rows += row_indices.numel();
    }
    if (used_rows !== batch_size) {
      throw new TorchError(`Target values should be in [0, ${this.n_classes - 1}], but values in range [${target.min().item()}, ${target.max().item()}] were found. `);
    }
    const head_output = this.head(input);
    const head_logprob = F.log_softmax(head_output, { dim: 1 });
    output = output.add_(head_logprob.gather(1, gather_inds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();
    if (!is_batched) output = output.squeeze(0);
    return asmOutput(output, loss);
  }

  _get_full_log_prob(input: Tensor, head_output: Tensor): Tensor {
    const out = input.new_empty([head_output.size(0), this.n_classes]);
    const head_logprob = F.log_softmax(head_output, { dim: 1 });
    out.narrow(1, 0, this.shortlist_size).copy_(head_logprob.narrow(1, 0, this.shortlist_size));
    for (let i = 0; i + 1 < this.cutoffs.length; i++) {
      const start_idx = this.cutoffs[i];
      const stop_idx = this.cutoffs[i + 1];
      const cluster_output = (this.cluster(i) as unknown as (x: Tensor) => Tensor)(input);
      const cluster_logprob = F.log_softmax(cluster_output, { dim: 1 });
      const output_logprob = cluster_logprob.add(head_logprob.select(1, this.shortlist_size + i).unsqueeze(1));
      out.narrow(1, start_idx, stop_idx - start_idx).copy_(output_logprob);
    }
    return out;
  }

  /** The log-probabilities of all n_classes, (N, n_classes). */
  log_prob(input: Tensor): Tensor {
    return this._get_full_log_prob(input, this.head(input));
  }

  /** The most likely class of each row: the shortlist's argmax, or the full distribution's where a cluster wins. */
  predict(input: Tensor): Tensor {
    const head_output = this.head(input);
    const output = argmax(head_output, { dim: 1 });
    const not_in_shortlist = output.ge(this.shortlist_size);
    const all_in_shortlist = !(not_in_shortlist.any().item() as boolean);
    if (all_in_shortlist) return output;
    if (not_in_shortlist.all().item() as boolean) return argmax(this._get_full_log_prob(input, head_output), { dim: 1 });
    const r = rows(not_in_shortlist);
    const log_prob = this._get_full_log_prob(input.index_select(0, r), head_output.index_select(0, r));
    output.index_copy_(0, r, argmax(log_prob, { dim: 1 }));
    return output;
  }
}
