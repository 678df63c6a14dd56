// torch.nn.functional: embeddings and one_hot (torch/nn/functional.py, the functions of torch.nn.modules.sparse):
// embedding (padding_idx, max_norm renormalizing the weight in place), embedding_bag (sum / mean / max bags,
// offsets, per_sample_weights), with Python's checks and messages.
import { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import * as D from '../../dtype';
import { AssertionError, NotImplementedError, ValueError } from '../../errors';
import { type PyArgs, parse, tensor, sizeRepr, sameShape, warn } from './_utils';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
type OptT = Tensor | null;

/** one_hot(tensor, num_classes=-1): (*) class indices to (*, num_classes) one-hot int64 rows. */
export const one_hot = NN.one_hot;

/** torch.embedding_renorm_ on the detached weight: rows of `weight` that `input` uses, rescaled in place to norm
 *  at most max_norm. */
function embeddingRenorm(weight: Tensor, input: Tensor, maxNorm: number, normType: number): void {
  call(T.embedding_renorm_, weight.detach(), input, maxNorm, normType);
}

/** embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
 *  sparse=False): the rows of `weight` at the indices `input`. */
export function embedding(
  input: Tensor,
  weight: Tensor,
  ...args: PyArgs<
    [padding_idx: number | null, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, sparse: boolean],
    { padding_idx?: number | null; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; sparse?: boolean }
  >
): Tensor {
  const a = parse('embedding', [input, weight, ...args], {
    input: tensor(), weight: tensor(), padding_idx: null as number | null, max_norm: null as number | null, norm_type: 2.0,
    scale_grad_by_freq: false, sparse: false,
  });
  let paddingIdx = a.padding_idx;
  if (paddingIdx !== null) {
    if (paddingIdx > 0) {
      if (paddingIdx >= a.weight.size(0)) throw new AssertionError('Padding_idx must be within num_embeddings');
    } else if (paddingIdx < 0) {
      if (paddingIdx < -a.weight.size(0)) throw new AssertionError('Padding_idx must be within num_embeddings');
      paddingIdx = a.weight.size(0) + paddingIdx;
    }
  } else {
    paddingIdx = -1;
  }
  let x = a.input;
  if (a.max_norm !== null) {
    x = x.contiguous();
    embeddingRenorm(a.weight, x, a.max_norm, a.norm_type);
  }
  return call(T.embedding, a.weight, x, paddingIdx, a.scale_grad_by_freq, a.sparse);
}

/** The bag reductions of embedding_bag. */
export type EmbeddingBagMode = 'sum' | 'mean' | 'max';
/** embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode='mean',
 *  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None): the sums, means or maxima
 *  of bags of embeddings (the rows of a 2-d input, or a 1-d input cut at `offsets`). */
export function embedding_bag(
  input: Tensor,
  weight: Tensor,
  ...args: PyArgs<
    [offsets: OptT, max_norm: number | null, norm_type: number, scale_grad_by_freq: boolean, mode: EmbeddingBagMode | string,
      sparse: boolean, per_sample_weights: OptT, include_last_offset: boolean, padding_idx: number | null],
    {
      offsets?: OptT; max_norm?: number | null; norm_type?: number; scale_grad_by_freq?: boolean; mode?: EmbeddingBagMode | string;
      sparse?: boolean; per_sample_weights?: OptT; include_last_offset?: boolean; padding_idx?: number | null;
    }
  >
): Tensor {
  const a = parse('embedding_bag', [input, weight, ...args], {
    input: tensor(), weight: tensor(), offsets: null as OptT, max_norm: null as number | null, norm_type: 2,
    scale_grad_by_freq: false, mode: 'mean' as string, sparse: false, per_sample_weights: null as OptT,
    include_last_offset: false, padding_idx: null as number | null,
  });
  let { input: x, weight: w, offsets, per_sample_weights: psw, include_last_offset: includeLast } = a;
  if (w.dtype === D.int64 && x.is_floating_point()) {
    warn(
      'Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is ' +
        'deprecated, and should now be `embedding_bag(input, weight, ...)`.',
    );
    [w, x] = [x, w];
  }
  if (psw !== null && !sameShape(x.shape, psw.shape)) {
    throw new ValueError(
      `embedding_bag: If per_sample_weights (${sizeRepr(psw.shape)}) is not None, then it must have the same shape as the input (${sizeRepr(x.shape)})`,
    );
  }
  if (w.dim() !== 2) throw new ValueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${w.dim()}`);
  if (x.dim() === 2) {
    if (offsets !== null) {
      throw new ValueError(
        'if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. ' +
          "However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    offsets = T.arange(0, x.numel(), x.size(1), { dtype: x.dtype, device: x.device });
    includeLast = false;
    x = x.reshape(-1);
    if (psw !== null) psw = psw.reshape(-1);
  } else if (x.dim() === 1) {
    if (offsets === null) throw new ValueError('offsets has to be a 1D Tensor but got None');
    if (offsets.dim() !== 1) throw new ValueError('offsets has to be a 1D Tensor');
  } else {
    throw new ValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${x.dim()}`);
  }
  let modeEnum: number;
  if (a.mode === 'sum') {
    modeEnum = 0;
  } else if (a.mode === 'mean') {
    modeEnum = 1;
  } else if (a.mode === 'max') {
    modeEnum = 2;
    if (a.scale_grad_by_freq) throw new ValueError('max mode does not support scaling the gradient by the frequency');
    if (a.sparse) throw new ValueError('max mode does not support sparse weights');
  } else {
    throw new ValueError('mode has to be one of sum, mean or max');
  }
  if (a.max_norm !== null) embeddingRenorm(w, x, a.max_norm, a.norm_type);
  if (psw !== null && a.mode !== 'sum') {
    throw new NotImplementedError(
      `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${a.mode}'). ` +
        'Please open a feature request on GitHub.',
    );
  }
  const r = (T.embedding_bag as AnyFn)(w, x, offsets, a.scale_grad_by_freq, modeEnum, a.sparse, psw, includeLast, a.padding_idx) as Tensor[];
  return r[0];
}
