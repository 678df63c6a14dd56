// torch.cuda.amp: the CUDA spellings PyTorch keeps for compatibility (deprecated there in favour of torch.amp).
import { autocast as ampAutocast, type AutocastOptions, type AutocastContext } from '../amp/autocast';
import { GradScaler as AmpGradScaler, type GradScalerOptions } from '../amp/grad_scaler';

const warned = new Set<string>();
function deprecated(name: string, replacement: string): void {
  if (warned.has(name)) return; // as Python's default warning filter: once per place
  warned.add(name);
  process.emitWarning(`\`torch.cuda.amp.${name}(args...)\` is deprecated. Please use \`${replacement}\` instead.`, 'FutureWarning');
}

/** torch.cuda.amp.autocast(options): torch.autocast('cuda', options), with PyTorch's deprecation warning. */
export function autocast(options: AutocastOptions = {}): AutocastContext {
  deprecated('autocast', "torch.amp.autocast('cuda', args...)");
  return ampAutocast('cuda', options);
}

/** torch.cuda.amp.GradScaler(options): torch.amp.GradScaler('cuda', options), with PyTorch's deprecation warning. */
export class GradScaler extends AmpGradScaler {
  constructor(options: GradScalerOptions = {}) {
    deprecated('GradScaler', "torch.amp.GradScaler('cuda', args...)");
    super('cuda', options);
  }
}
