// The hook point for nn.Parameter: torch.load makes parameters through it, torch.save asks it which tensors are
// parameters. Until torch.nn registers its Parameter class, a loaded parameter is a tensor with its requires_grad,
// and a saved tensor is written as a plain tensor (with its requires_grad), which Python loads as a tensor.
import type { Tensor } from '../tensor/tensor';

export interface ParameterType {
  /** True when t is an nn.Parameter (written with torch._utils._rebuild_parameter). */
  isParameter(t: Tensor): boolean;
  /** The Parameter for loaded data (a fresh tensor torch.load made) with requires_grad. */
  make(data: Tensor, requires_grad: boolean): Tensor;
}

export const parameterType: ParameterType = {
  isParameter: () => false,
  make: (data, requires_grad) => {
    if (requires_grad) data.requires_grad_(true);
    return data;
  },
};

/** @internal torch.nn registers its Parameter class here. */
export function registerParameterType(t: ParameterType): void {
  parameterType.isParameter = t.isParameter;
  parameterType.make = t.make;
}
