// torch.nn.functional: vision functions (torch/nn/functional.py): interpolate (every mode, size or scale_factor,
// align_corners, recompute_scale_factor, antialias) and the deprecated upsample*, grid_sample, affine_grid, pad,
// pixel and channel shuffles, and unfold / fold (im2col / col2im), with Python's checks, messages and warnings.
import { Tensor } from '../../tensor/tensor';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { AssertionError, NotImplementedError, ValueError } from '../../errors';
import { type PyArgs, parse, tensor, req, repr, sizeRepr, typeName, warn, _pair } from './_utils';
import { adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d } from './pooling';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;

/** pad(input, pad, mode='constant', value=None): pads the last dims (pad lists [left, right] of the last dim,
 *  then of the one before, ...); modes 'constant', 'reflect', 'replicate', 'circular'. */
export const pad = NN.pad;
/** pixel_shuffle(input, upscale_factor): (*, C*r^2, H, W) to (*, C, H*r, W*r). */
export const pixel_shuffle = T.pixel_shuffle;
/** pixel_unshuffle(input, downscale_factor): the inverse of pixel_shuffle. */
export const pixel_unshuffle = T.pixel_unshuffle;
/** channel_shuffle(input, groups): shuffles the channels of (*, C, H, W) in `groups` groups. */
export const channel_shuffle = T.channel_shuffle;
/** native_channel_shuffle(input, groups): channel_shuffle's native kernel. */
export const native_channel_shuffle = T.native_channel_shuffle;

// ---------------------------------------------------------------------------------------------------------------
// interpolate

/** The interpolation algorithms of interpolate. */
export type InterpolateMode = 'nearest' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear' | 'area' | 'nearest-exact';
type Size = number | number[];
type Scale = number | number[];
type InterpolateOpts = {
  size?: Size | null; scale_factor?: Scale | null; mode?: InterpolateMode | string; align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null; antialias?: boolean;
};

const isInteger = (x: unknown): boolean =>
  (typeof x === 'number' && Number.isInteger(x)) || typeof x === 'bigint' || (x instanceof Tensor && !x.is_floating_point());
const pyType = (x: unknown): string => (x instanceof Tensor ? "<class 'torch.Tensor'>" : `<class '${typeName(x)}'>`);

/** interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
 *  recompute_scale_factor=None, antialias=False): resizes a (N, C, d1, ...) input to `size` or by `scale_factor`. */
export function interpolate(
  input: Tensor,
  ...args: PyArgs<
    [size: Size | null, scale_factor: Scale | null, mode: InterpolateMode | string, align_corners: boolean | null,
      recompute_scale_factor: boolean | null, antialias: boolean],
    InterpolateOpts
  >
): Tensor {
  const a = parse('interpolate', [input, ...args], {
    input: tensor(), size: null as Size | null, scale_factor: null as Scale | null, mode: 'nearest' as string,
    align_corners: null as boolean | null, recompute_scale_factor: null as boolean | null, antialias: false,
  });
  const { input: x, size, scale_factor: scaleFactor, mode, antialias } = a;
  let alignCorners = a.align_corners;
  let recompute = a.recompute_scale_factor;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) {
      throw new ValueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
    }
  } else if (alignCorners === null) {
    alignCorners = false;
  }
  const dim = x.dim() - 2;
  let outputSize: number[] | null;
  let scaleFactors: number[] | null;
  if (size !== null && scaleFactor !== null) {
    throw new ValueError('only one of size or scale_factor should be defined');
  } else if (size !== null) {
    scaleFactors = null;
    if (Array.isArray(size)) {
      if (size.length !== dim) {
        throw new ValueError(
          `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ` +
            `${repr(x.shape.slice(2))} and output size of ${repr(size)}. Please provide input tensor in (N, C, d1, d2, ` +
            '...,dK) format and output size in (o1, o2, ...,oK) format.',
        );
      }
      if (!size.every(isInteger)) {
        throw new TypeError(
          'expected size to be one of int or Tuple[int] or Tuple[int, int] or Tuple[int, int, int], but got size ' +
            `with types [${size.map(pyType).join(', ')}]`,
        );
      }
      outputSize = size;
    } else {
      outputSize = Array.from({ length: dim }, () => size);
    }
  } else if (scaleFactor !== null) {
    outputSize = null;
    if (Array.isArray(scaleFactor)) {
      if (scaleFactor.length !== dim) {
        throw new ValueError(
          `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial ` +
            `dimensions of ${repr(x.shape.slice(2))} and scale_factor of shape ${repr(scaleFactor)}. Please provide ` +
            'input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.',
        );
      }
      scaleFactors = scaleFactor;
    } else {
      scaleFactors = Array.from({ length: dim }, () => scaleFactor);
    }
  } else {
    throw new ValueError('either size or scale_factor should be defined');
  }
  if (recompute !== null && recompute && size !== null) {
    throw new ValueError('recompute_scale_factor is not meaningful with an explicit size.');
  }
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute !== null && recompute) {
    if (scaleFactors === null) throw new AssertionError('scale_factors is unexpectedly None');
    const sf = scaleFactors;
    outputSize = Array.from({ length: dim }, (_, i) => Math.trunc(x.size(i + 2) * sf[i]));
    scaleFactors = null;
  }
  if (antialias && !((mode === 'bilinear' || mode === 'bicubic') && x.dim() === 4)) {
    throw new ValueError('Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor as input');
  }
  const nd = x.dim();
  const os = outputSize;
  const sf = scaleFactors;
  const need = <V>(v: V | null, what: string): V => {
    if (v === null) throw new AssertionError(`${what} is unexpectedly None`);
    return v;
  };
  if (mode === 'nearest') {
    if (nd === 3) return call(NN.upsample_nearest1d, x, os, sf);
    if (nd === 4) return call(NN.upsample_nearest2d, x, os, sf);
    if (nd === 5) return call(NN.upsample_nearest3d, x, os, sf);
  }
  if (mode === 'nearest-exact') {
    if (nd === 3) return call(NN._upsample_nearest_exact1d, x, os, sf);
    if (nd === 4) return call(NN._upsample_nearest_exact2d, x, os, sf);
    if (nd === 5) return call(NN._upsample_nearest_exact3d, x, os, sf);
  }
  if (mode === 'area') {
    if (nd === 3) return call(adaptive_avg_pool1d, x, need(os, 'output_size'));
    if (nd === 4) return adaptive_avg_pool2d(x, need(os, 'output_size'));
    if (nd === 5) return adaptive_avg_pool3d(x, need(os, 'output_size'));
  }
  if (nd === 3 && mode === 'linear') return call(NN.upsample_linear1d, x, os, need(alignCorners, 'align_corners'), sf);
  if (nd === 4 && mode === 'bilinear') {
    const ac = need(alignCorners, 'align_corners');
    if (antialias) return call(NN._upsample_bilinear2d_aa, x, os, ac, sf);
    return call(NN.upsample_bilinear2d, x, os, ac, sf);
  }
  if (nd === 5 && mode === 'trilinear') return call(NN.upsample_trilinear3d, x, os, need(alignCorners, 'align_corners'), sf);
  if (nd === 4 && mode === 'bicubic') {
    const ac = need(alignCorners, 'align_corners');
    if (antialias) return call(NN._upsample_bicubic2d_aa, x, os, ac, sf);
    return call(NN.upsample_bicubic2d, x, os, ac, sf);
  }
  const needs: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };
  if (nd >= 3 && nd <= 5 && mode in needs) {
    throw new NotImplementedError(`Got ${nd}D input, but ${mode} mode needs ${needs[mode]}D input`);
  }
  throw new NotImplementedError(
    `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: nearest | linear | bilinear ` +
      `| bicubic | trilinear | area | nearest-exact (got ${mode})`,
  );
}

/** upsample(input, size=None, scale_factor=None, mode='nearest', align_corners=None): deprecated, interpolate. */
export function upsample(
  input: Tensor,
  ...args: PyArgs<
    [size: Size | null, scale_factor: Scale | null, mode: InterpolateMode | string, align_corners: boolean | null],
    Omit<InterpolateOpts, 'recompute_scale_factor' | 'antialias'>
  >
): Tensor {
  const a = parse('upsample', [input, ...args], {
    input: req<Tensor>(), size: null as Size | null, scale_factor: null as Scale | null, mode: 'nearest' as string,
    align_corners: null as boolean | null,
  });
  warn('`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(a.input, a.size, a.scale_factor, a.mode, a.align_corners);
}

type UpsampleArgs = PyArgs<[size: Size | null, scale_factor: Scale | null], { size?: Size | null; scale_factor?: Scale | null }>;
/** upsample_nearest(input, size=None, scale_factor=None): deprecated, interpolate(mode='nearest'). */
export function upsample_nearest(input: Tensor, ...args: UpsampleArgs): Tensor {
  const a = parse('upsample_nearest', [input, ...args], { input: req<Tensor>(), size: null as Size | null, scale_factor: null as Scale | null });
  warn('`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(a.input, a.size, a.scale_factor, { mode: 'nearest' });
}
/** upsample_bilinear(input, size=None, scale_factor=None): deprecated, interpolate(mode='bilinear',
 *  align_corners=True). */
export function upsample_bilinear(input: Tensor, ...args: UpsampleArgs): Tensor {
  const a = parse('upsample_bilinear', [input, ...args], { input: req<Tensor>(), size: null as Size | null, scale_factor: null as Scale | null });
  warn('`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.');
  return interpolate(a.input, a.size, a.scale_factor, { mode: 'bilinear', align_corners: true });
}

// ---------------------------------------------------------------------------------------------------------------
// grid_sample, affine_grid

const ALIGN_WARNING =
  'Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify ' +
  'align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.';

/** grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None): samples `input` at the
 *  (normalized) locations of `grid`. */
export function grid_sample(
  input: Tensor,
  grid: Tensor,
  ...args: PyArgs<
    [mode: 'bilinear' | 'nearest' | 'bicubic' | string, padding_mode: 'zeros' | 'border' | 'reflection' | string, align_corners: boolean | null],
    { mode?: string; padding_mode?: string; align_corners?: boolean | null }
  >
): Tensor {
  const a = parse('grid_sample', [input, grid, ...args], {
    input: req<Tensor>(), grid: req<Tensor>(), mode: 'bilinear' as string, padding_mode: 'zeros' as string,
    align_corners: null as boolean | null,
  });
  const modes: Record<string, number> = { bilinear: 0, nearest: 1, bicubic: 2 };
  const paddings: Record<string, number> = { zeros: 0, border: 1, reflection: 2 };
  if (!(a.mode in modes)) {
    throw new ValueError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${a.mode}'`);
  }
  if (!(a.padding_mode in paddings)) {
    throw new ValueError(
      `nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${a.padding_mode}'`,
    );
  }
  let alignCorners = a.align_corners;
  if (alignCorners === null) {
    warn(ALIGN_WARNING);
    alignCorners = false;
  }
  return call(T.grid_sampler, a.input, a.grid, modes[a.mode], paddings[a.padding_mode], alignCorners);
}

/** affine_grid(theta, size, align_corners=None): the sampling grid of a batch of 2D (Nx2x3) or 3D (Nx3x4) affine
 *  transforms, for grid_sample. */
export function affine_grid(
  theta: Tensor,
  size: number[],
  ...args: PyArgs<[align_corners: boolean | null], { align_corners?: boolean | null }>
): Tensor {
  const a = parse('affine_grid', [theta, size, ...args], { theta: tensor(), size: req<number[]>(), align_corners: null as boolean | null });
  let alignCorners = a.align_corners;
  if (alignCorners === null) {
    warn(ALIGN_WARNING);
    alignCorners = false;
  }
  const th = a.theta;
  const sz = a.size;
  if (!th.is_floating_point()) throw new ValueError(`Expected theta to have floating point type, but got ${th.dtype}`);
  let spatial: number[];
  if (sz.length === 4) {
    if (th.dim() !== 3 || th.shape[1] !== 2 || th.shape[2] !== 3) {
      throw new ValueError(`Expected a batch of 2D affine matrices of shape Nx2x3 for size ${repr(sz)}. Got ${sizeRepr(th.shape)}.`);
    }
    spatial = sz.slice(-2);
  } else if (sz.length === 5) {
    if (th.dim() !== 3 || th.shape[1] !== 3 || th.shape[2] !== 4) {
      throw new ValueError(`Expected a batch of 3D affine matrices of shape Nx3x4 for size ${repr(sz)}. Got ${sizeRepr(th.shape)}.`);
    }
    spatial = sz.slice(-3);
  } else {
    throw new NotImplementedError(
      `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${repr(sz)}.`,
    );
  }
  if (alignCorners && Math.min(...spatial) === 1) {
    warn(
      'Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is ' +
        'not an intended use case of affine_grid. See the documentation of affine_grid for details.',
    );
  } else if (Math.min(...sz) <= 0) {
    throw new ValueError(`Expected non-zero, positive output size. Got ${repr(sz)}`);
  }
  return call(T.affine_grid_generator, th, sz, alignCorners);
}

// ---------------------------------------------------------------------------------------------------------------
// unfold, fold

type Pair = number | number[];
type FoldArgs = PyArgs<[dilation: Pair, padding: Pair, stride: Pair], { dilation?: Pair; padding?: Pair; stride?: Pair }>;
/** unfold(input, kernel_size, dilation=1, padding=0, stride=1): extracts sliding local blocks of a (N, C, H, W)
 *  input as columns (im2col). */
export function unfold(input: Tensor, kernel_size: Pair, ...args: FoldArgs): Tensor {
  const a = parse('unfold', [input, kernel_size, ...args], { input: req<Tensor>(), kernel_size: req<Pair>(), dilation: 1 as Pair, padding: 0 as Pair, stride: 1 as Pair });
  return call(NN.im2col, a.input, _pair(a.kernel_size), _pair(a.dilation), _pair(a.padding), _pair(a.stride));
}
/** fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): sums columns of sliding local blocks
 *  back into a (N, C, H, W) tensor (col2im). */
export function fold(input: Tensor, output_size: Pair, kernel_size: Pair, ...args: FoldArgs): Tensor {
  const a = parse('fold', [input, output_size, kernel_size, ...args], {
    input: req<Tensor>(), output_size: req<Pair>(), kernel_size: req<Pair>(), dilation: 1 as Pair, padding: 0 as Pair, stride: 1 as Pair,
  });
  return call(NN.col2im, a.input, _pair(a.output_size), _pair(a.kernel_size), _pair(a.dilation), _pair(a.padding), _pair(a.stride));
}
