// Upsample, UpsamplingNearest2d and UpsamplingBilinear2d, after PyTorch's torch/nn/modules/upsampling.py.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { type PyArgs, parse, repr, floatRepr } from '../functional/_utils';
import { Module } from '../module';

type Size = number | number[];
type Ratio = number | number[];
export type UpsampleMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'nearest-exact';
type UpsampleOptions = { size?: Size | null; scale_factor?: Ratio | null; mode?: UpsampleMode; align_corners?: boolean | null; recompute_scale_factor?: boolean | null };

/** Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None):
 *  F.interpolate as a module. */
export class Upsample extends Module {
  declare name: string;
  declare size: Size | null;
  declare scale_factor: Ratio | null;
  declare mode: UpsampleMode;
  declare align_corners: boolean | null;
  declare recompute_scale_factor: boolean | null;
  constructor(
    ...args: PyArgs<[size: Size | null, scale_factor: Ratio | null, mode: UpsampleMode, align_corners: boolean | null, recompute_scale_factor: boolean | null], UpsampleOptions>
  ) {
    super();
    const a = parse(`${new.target.name}.__init__`, args, {
      size: null as Size | null, scale_factor: null as Ratio | null, mode: 'nearest' as UpsampleMode, align_corners: null as boolean | null,
      recompute_scale_factor: null as boolean | null,
    });
    this.name = new.target.name;
    this.size = a.size;
    this.scale_factor = Array.isArray(a.scale_factor) ? [...a.scale_factor] : a.scale_factor ? a.scale_factor : null;
    this.mode = a.mode;
    this.align_corners = a.align_corners;
    this.recompute_scale_factor = a.recompute_scale_factor;
  }
  override forward(input: Tensor): Tensor {
    return (F.interpolate as (...a: unknown[]) => Tensor)(input, this.size, this.scale_factor, this.mode, this.align_corners, {
      recompute_scale_factor: this.recompute_scale_factor,
    });
  }
  override extra_repr(): string {
    let info: string;
    if (this.scale_factor !== null) {
      const sf = this.scale_factor;
      info = `scale_factor=${Array.isArray(sf) ? (sf.length === 1 ? `(${floatRepr(sf[0])},)` : `(${sf.map(floatRepr).join(', ')})`) : floatRepr(sf)}`;
    } else {
      const s = this.size;
      info = `size=${Array.isArray(s) ? (s.length === 1 ? `(${s[0]},)` : `(${s.map(repr).join(', ')})`) : repr(s)}`;
    }
    return `${info}, mode=${repr(this.mode)}`;
  }
}

/** UpsamplingNearest2d(size=None, scale_factor=None): nearest-neighbour upsampling of (N, C, H, W) inputs. */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: PyArgs<[size: Size | null, scale_factor: Ratio | null], { size?: Size | null; scale_factor?: Ratio | null }>) {
    const a = parse('UpsamplingNearest2d.__init__', args, { size: null as Size | null, scale_factor: null as Ratio | null });
    super(a.size, a.scale_factor, { mode: 'nearest' });
  }
}

/** UpsamplingBilinear2d(size=None, scale_factor=None): bilinear upsampling with align_corners=True. */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: PyArgs<[size: Size | null, scale_factor: Ratio | null], { size?: Size | null; scale_factor?: Ratio | null }>) {
    const a = parse('UpsamplingBilinear2d.__init__', args, { size: null as Size | null, scale_factor: null as Ratio | null });
    super(a.size, a.scale_factor, { mode: 'bilinear', align_corners: true });
  }
}
