// torch.utils.summary: the model summary of the `torchsummary` package (pip install torchsummary, version 1.5.1),
// the one PyTorch's primer writes with forward hooks: each layer's name and index, output shape and parameter
// count, then the totals, trainable and non-trainable parameters, and size estimates in MB.
//
//   torch.utils.summary.summary(model, [1, 28, 28]);          // prints the table
//   const [text] = torch.utils.summary.summary_string(model, [[3], [5]], {device: 'cpu'});
//
// As torchsummary does: a layer is every module except Sequential and ModuleList containers and the model itself,
// listed in the order their forward calls finish; its parameters are its own `weight` and `bias`; the batch
// dimension shows as batch_size (-1); the forward pass runs on torch.rand(2, ...size) per input, so it draws from
// the default generator.
import { Tensor } from '../tensor/tensor';
import { rand } from '../generated/torch_functions';
import { is_available } from '../cuda/cuda';
import type { DeviceLike } from '../device';
import { Module } from '../nn/module';
import { Sequential, ModuleList } from '../nn/modules/container';
import { ValueError } from '../errors';
import type { RemovableHandle } from './hooks';

export interface SummaryOptions {
  /** The batch size printed in output shapes (default -1). */
  batch_size?: number;
  /** 'cuda' (the default, used when CUDA is available) or 'cpu'. */
  device?: DeviceLike;
}

interface LayerInfo {
  input_shape: number[];
  output_shape: number[] | number[][];
  trainable?: boolean;
  nb_params: number;
}

const RULE = '----------------------------------------------------------------';
const DOUBLE_RULE = '================================================================';

/** Python's format(n, ','). */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Python's '%0.2f' % x: the decimal nearest the binary value, ties (exact in binary) to even. */
function fixed2(x: number): string {
  const s = x.toFixed(2);
  const exact = x.toFixed(20); // exact for the dyadic values that can be ties at 2 decimals
  const frac = exact.slice(exact.indexOf('.') + 1);
  if (frac[2] !== '5' || !/^0*$/.test(frac.slice(3))) return s;
  return Number(frac[1]) % 2 === 0 ? exact.slice(0, exact.indexOf('.') + 3) : s;
}

/** Python's str() of a shape list: [-1, 10], or [[-1, 5], [-1, 3]]. */
function shapeStr(s: number[] | number[][]): string {
  return `[${(s as unknown[]).map((v) => (Array.isArray(v) ? `[${v.join(', ')}]` : String(v))).join(', ')}]`;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The summary as text, and [total_params, trainable_params]. input_size is one input's size without the batch
 *  dimension ([1, 28, 28]) or a list of them. */
export function summary_string(model: Module, input_size: number[] | number[][], options: SummaryOptions = {}): [string, [number, number]] {
  const batch_size = options.batch_size ?? -1;
  const device = String(options.device ?? 'cuda').toLowerCase();
  if (device !== 'cuda' && device !== 'cpu') throw new ValueError("Input device is not valid, please specify 'cuda' or 'cpu'");
  const onCuda = device === 'cuda' && is_available();
  const sizes: number[][] = Array.isArray(input_size[0]) ? (input_size as number[][]) : [input_size as number[]];

  const layers = new Map<string, LayerInfo>();
  const hooks: RemovableHandle[] = [];
  const hook = (module: Module, input: unknown[], output: unknown): void => {
    const m_key = `${module.constructor.name}-${layers.size + 1}`;
    const input_shape = [...(input[0] as Tensor).shape];
    input_shape[0] = batch_size;
    let output_shape: number[] | number[][];
    if (Array.isArray(output)) {
      output_shape = (output as Tensor[]).map((o) => [-1, ...o.shape.slice(1)]);
    } else {
      output_shape = [...(output as Tensor).shape];
      output_shape[0] = batch_size;
    }
    const info: LayerInfo = { input_shape, output_shape, nb_params: 0 };
    const weight = (module as unknown as { weight?: unknown }).weight;
    const bias = (module as unknown as { bias?: unknown }).bias;
    if (weight instanceof Tensor) {
      info.nb_params += numel(weight.shape);
      info.trainable = weight.requires_grad;
    }
    if (bias instanceof Tensor) info.nb_params += numel(bias.shape);
    layers.set(m_key, info);
  };
  model.apply((module) => {
    if (!(module instanceof Sequential) && !(module instanceof ModuleList) && module !== model) {
      hooks.push(module.register_forward_hook(hook));
    }
  });
  try {
    // batch_size of 2 for batchnorm
    const x = sizes.map((s) => rand([2, ...s], onCuda ? { device: 'cuda' } : {}));
    (model as unknown as (...a: Tensor[]) => unknown)(...x);
  } finally {
    for (const h of hooks) h.remove();
  }

  const lines: string[] = [RULE, `${'Layer (type)'.padStart(20)}  ${'Output Shape'.padStart(25)} ${'Param #'.padStart(15)}`, DOUBLE_RULE];
  let total_params = 0;
  let total_output = 0;
  let trainable_params = 0;
  for (const [layer, info] of layers) {
    lines.push(`${layer.padStart(20)}  ${shapeStr(info.output_shape).padStart(25)} ${withCommas(info.nb_params).padStart(15)}`);
    total_params += info.nb_params;
    total_output += numel((info.output_shape as unknown[]).flat() as number[]); // np.prod over every number
    if (info.trainable === true) trainable_params += info.nb_params;
  }
  // assume 4 bytes/number (float on cuda)
  const total_input_size = Math.abs((numel(sizes.flat()) * batch_size * 4.0) / 1024 ** 2);
  const total_output_size = Math.abs((2.0 * total_output * 4.0) / 1024 ** 2); // x2 for gradients
  const total_params_size = Math.abs((total_params * 4.0) / 1024 ** 2);
  const total_size = total_params_size + total_output_size + total_input_size;
  lines.push(
    DOUBLE_RULE,
    `Total params: ${withCommas(total_params)}`,
    `Trainable params: ${withCommas(trainable_params)}`,
    `Non-trainable params: ${withCommas(total_params - trainable_params)}`,
    RULE,
    `Input size (MB): ${fixed2(total_input_size)}`,
    `Forward/backward pass size (MB): ${fixed2(total_output_size)}`,
    `Params size (MB): ${fixed2(total_params_size)}`,
    `Estimated Total Size (MB): ${fixed2(total_size)}`,
    RULE,
  );
  return [`${lines.join('\n')}\n`, [total_params, trainable_params]];
}

/** Prints the summary (torchsummary.summary) and returns [total_params, trainable_params]. */
export function summary(model: Module, input_size: number[] | number[][], options: SummaryOptions = {}): [number, number] {
  const [text, info] = summary_string(model, input_size, options);
  console.log(text.slice(0, -1));
  return info;
}
