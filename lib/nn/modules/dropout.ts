// The dropout modules, after PyTorch's torch/nn/modules/dropout.py: each calls its torch.nn.functional function
// with the module's training flag, so after torch.manual_seed(s) the masks equal Python's.
import type { Tensor } from '../../tensor/tensor';
import { ValueError } from '../../errors';
import * as F from '../functional';
import { type PyArgs, parse, floatRepr } from '../functional/_utils';
import { Module } from '../module';

type DropoutArgs = PyArgs<[p: number, inplace: boolean], { p?: number; inplace?: boolean }>;

/** The base of the dropout modules: p (the probability of an element to be zeroed) and inplace. */
export class _DropoutNd extends Module {
  declare p: number;
  declare inplace: boolean;
  constructor(...args: DropoutArgs) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, { p: 0.5, inplace: false });
    if (a.p < 0 || a.p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${floatRepr(a.p)}`);
    this.p = a.p;
    this.inplace = a.inplace;
  }
  override extra_repr(): string {
    return `p=${floatRepr(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}

/** Dropout(p=0.5, inplace=False): zeroes each element with probability p in training, scaling the rest by
 *  1/(1-p). */
export class Dropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}
/** Dropout1d(p=0.5, inplace=False): zeroes whole channels of (N, C, L) or (C, L) inputs. */
export class Dropout1d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
/** Dropout2d(p=0.5, inplace=False): zeroes whole channels of (N, C, H, W) or (C, H, W) inputs. */
export class Dropout2d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
/** Dropout3d(p=0.5, inplace=False): zeroes whole channels of (N, C, D, H, W) or (C, D, H, W) inputs. */
export class Dropout3d extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
/** AlphaDropout(p=0.5, inplace=False): dropout that keeps a SELU network's self-normalizing mean and variance. */
export class AlphaDropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.alpha_dropout(input, this.p, this.training);
  }
}
/** FeatureAlphaDropout(p=0.5, inplace=False): alpha dropout of whole channels. */
export class FeatureAlphaDropout extends _DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.feature_alpha_dropout(input, this.p, this.training);
  }
}
