// torch.nn.functional: the dropout family (torch/nn/functional.py), with Python's `training` / `inplace` flags,
// defaults, checks and warnings. Each draws from the global generator exactly as Python does, so
// torch.manual_seed(s) gives Python's mask.
import { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import { TorchError, ValueError } from '../../errors';
import { type PyArgs, parse, tensor, floatRepr, warn } from './_utils';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;

type DropoutArgs = PyArgs<[p: number, training: boolean, inplace: boolean], { p?: number; training?: boolean; inplace?: boolean }>;

function bind(name: string, args: unknown[], training: boolean) {
  const a = parse(name, args, { input: tensor(), p: 0.5, training, inplace: false });
  if (a.p < 0.0 || a.p > 1.0) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${floatRepr(a.p)}`);
  return a;
}

/** dropout(input, p=0.5, training=True, inplace=False): zeroes each element with probability p (scaling the rest
 *  by 1/(1-p)) when training. */
export function dropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('dropout', [input, ...args], true);
  return call(a.inplace ? T.dropout_ : T.dropout, a.input, a.p, a.training);
}

/** alpha_dropout(input, p=0.5, training=False, inplace=False): dropout that keeps the self-normalizing property
 *  (SELU networks). */
export function alpha_dropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('alpha_dropout', [input, ...args], false);
  return call(a.inplace ? T.alpha_dropout_ : T.alpha_dropout, a.input, a.p, a.training);
}

/** feature_alpha_dropout(input, p=0.5, training=False, inplace=False): alpha dropout of whole channels. */
export function feature_alpha_dropout(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('feature_alpha_dropout', [input, ...args], false);
  return call(a.inplace ? T.feature_alpha_dropout_ : T.feature_alpha_dropout, a.input, a.p, a.training);
}

/** Channel-wise dropout of an input with `spatial` spatial dims, unbatched when it has spatial + 1 dims. */
function featureDropout(a: { input: Tensor; p: number; training: boolean; inplace: boolean }, batchedDim: number): Tensor {
  const isBatched = a.input.dim() === batchedDim;
  let input = a.input;
  if (!isBatched) input = a.inplace ? input.unsqueeze_(0) : input.unsqueeze(0);
  let result = call(a.inplace ? T.feature_dropout_ : T.feature_dropout, input, a.p, a.training);
  if (!isBatched) result = a.inplace ? result.squeeze_(0) : result.squeeze(0);
  return result;
}

/** The deprecation warning of dropout2d / dropout3d for an input of another rank. */
function warnSpatial(name: string, inpDim: number, spatial: number): void {
  warn(
    `${name}: Received a ${inpDim}-D input to ${name}, which is deprecated and will result in an error in a ` +
      'future release. To retain the behavior and silence this warning, please use dropout instead. Note that ' +
      `${name} exists to provide channel-wise dropout on inputs with ${spatial} spatial dimensions, a channel dimension, ` +
      `and an optional batch dimension (i.e. ${spatial + 1}D or ${spatial + 2}D inputs).`,
  );
}

/** dropout1d(input, p=0.5, training=True, inplace=False): zeroes whole channels of a (N, C, L) or (C, L) input. */
export function dropout1d(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('dropout1d', [input, ...args], true);
  const inpDim = a.input.dim();
  if (inpDim !== 2 && inpDim !== 3) {
    throw new TorchError(
      `dropout1d: Expected 2D or 3D input, but received a ${inpDim}D input. Note that dropout1d exists to provide ` +
        'channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch ' +
        'dimension (i.e. 2D or 3D inputs).',
    );
  }
  return featureDropout(a, 3);
}

/** dropout2d(input, p=0.5, training=True, inplace=False): zeroes whole channels of a (N, C, H, W) or (C, H, W)
 *  input (a 3-d input is read as (N, C, L), with PyTorch's warning). */
export function dropout2d(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('dropout2d', [input, ...args], true);
  const inpDim = a.input.dim();
  if (inpDim !== 3 && inpDim !== 4) warnSpatial('dropout2d', inpDim, 2);
  if (inpDim === 3) {
    warn(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - ' +
        'input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future ' +
        'release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D ' +
        'channel-wise dropout behavior, please switch to using dropout1d instead.',
    );
  }
  return call(a.inplace ? T.feature_dropout_ : T.feature_dropout, a.input, a.p, a.training);
}

/** dropout3d(input, p=0.5, training=True, inplace=False): zeroes whole channels of a (N, C, D, H, W) or
 *  (C, D, H, W) input. */
export function dropout3d(input: Tensor, ...args: DropoutArgs): Tensor {
  const a = bind('dropout3d', [input, ...args], true);
  const inpDim = a.input.dim();
  if (inpDim !== 4 && inpDim !== 5) warnSpatial('dropout3d', inpDim, 3);
  return featureDropout(a, 5);
}
