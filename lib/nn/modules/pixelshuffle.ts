// PixelShuffle and PixelUnshuffle, after PyTorch's torch/nn/modules/pixelshuffle.py.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { parse, req } from '../functional/_utils';
import { Module } from '../module';

type AnyFn = (...a: unknown[]) => Tensor;

/** PixelShuffle(upscale_factor): (*, C·r², H, W) to (*, C, H·r, W·r). */
export class PixelShuffle extends Module {
  declare upscale_factor: number;
  constructor(...args: [upscale_factor: number] | [{ upscale_factor: number }]) {
    super();
    this.upscale_factor = parse('PixelShuffle.__init__', args, { upscale_factor: req<number>() }).upscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return (F.pixel_shuffle as AnyFn)(input, this.upscale_factor);
  }
  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

/** PixelUnshuffle(downscale_factor): (*, C, H·r, W·r) to (*, C·r², H, W). */
export class PixelUnshuffle extends Module {
  declare downscale_factor: number;
  constructor(...args: [downscale_factor: number] | [{ downscale_factor: number }]) {
    super();
    this.downscale_factor = parse('PixelUnshuffle.__init__', args, { downscale_factor: req<number>() }).downscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return (F.pixel_unshuffle as AnyFn)(input, this.downscale_factor);
  }
  override extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}
