// Autograd functions of the nn modules, after PyTorch's torch/nn/modules/_functions.py: CrossMapLRN2d (Lua
// Torch's cross-channel local response normalization, with its own backward), ported op for op so that outputs and
// gradients equal Python's.
import { Tensor } from '../../tensor/tensor';
import { empty, zeros } from '../../generated/torch_functions';
import { ValueError } from '../../errors';
import { Function, type FunctionCtx } from '../../autograd/function';

/** CrossMapLRN2d.apply(input, size, alpha=1e-4, beta=0.75, k=1): a (N, C, H, W) input divided by
 *  (k + alpha/size * sum of squares over `size` neighbouring channels)^beta. */
export class CrossMapLRN2d extends Function {
  static override forward(ctx: FunctionCtx, input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1): Tensor {
    ctx.size = size;
    ctx.alpha = alpha;
    ctx.beta = beta;
    ctx.k = k;
    if (input.dim() !== 4) throw new ValueError(`CrossMapLRN2d: Expected input to be 4D, got ${input.dim()}D instead.`);
    const scale = empty(input.shape, { dtype: input.dtype, device: input.device });
    ctx.scale = scale;
    const channels = input.size(1);
    const input_square = input.pow(2);
    const pre_pad = Math.trunc((size - 1) / 2 + 1);
    const pre_pad_crop = Math.min(pre_pad, channels);
    const scale_first = scale.select(1, 0);
    scale_first.zero_();
    for (let c = 0; c < pre_pad_crop; c++) scale_first.add_(input_square.select(1, c));
    for (let c = 1; c < channels; c++) {
      const scale_current = scale.select(1, c);
      scale_current.copy_(scale.select(1, c - 1));
      if (c < channels - pre_pad + 1) scale_current.add_(input_square.select(1, c + pre_pad - 1), { alpha: 1 });
      if (c > pre_pad) scale_current.add_(input_square.select(1, c - pre_pad), { alpha: -1 });
    }
    scale.mul_(alpha / size).add_(k);
    const output = scale.pow(-beta).mul_(input);
    ctx.save_for_backward(input, output);
    return output;
  }

  static override backward(ctx: FunctionCtx, grad_output: Tensor | null): (Tensor | null)[] {
    const [input, output] = ctx.saved_tensors as [Tensor, Tensor];
    const size = ctx.size as number;
    const alpha = ctx.alpha as number;
    const beta = ctx.beta as number;
    const scale = ctx.scale as Tensor;
    const go = grad_output as Tensor;
    const [batch_size, channels, input_height, input_width] = input.shape;
    const opts = { dtype: input.dtype, device: input.device };
    const paddded_ratio = zeros([channels + size - 1, input_height, input_width], opts);
    const cache_ratio_value = (2 * alpha * beta) / size;
    const inversePrePad = Math.trunc(size - (size - 1) / 2);
    const grad_input = scale.pow(-beta).mul_(go);
    const padded_ratio_center = paddded_ratio.narrow(0, inversePrePad, channels);
    for (let n = 0; n < batch_size; n++) {
      padded_ratio_center.copy_(go.select(0, n).mul(output.select(0, n)));
      padded_ratio_center.div_(scale.select(0, n));
      const accum_ratio = paddded_ratio.narrow(0, 0, size - 1).sum(0);
      for (let c = 0; c < channels; c++) {
        accum_ratio.add_(paddded_ratio.select(0, c + size - 1));
        grad_input.select(0, n).select(0, c).addcmul_(input.select(0, n).select(0, c), accum_ratio, { value: -cache_ratio_value });
        accum_ratio.add_(paddded_ratio.select(0, c), { alpha: -1 });
      }
    }
    return [grad_input, null, null, null, null];
  }
}
