// The public `torch` namespace.
import './tensor/methods';

export { GradFn } from './tensor/tensor';
export {
  tensor, from_numpy, frombuffer, as_tensor, asarray, type TensorData, type TensorOptions, type TypedArray, type AsarrayOptions,
} from './tensor/create';
export { tidy, keep, dispose, memory } from './tensor/scope';
export { shareTensor, takeTensor, releaseTensorToken, type TensorToken } from './tensor/transfer';
export { slice, Slice, Ellipsis, type Index } from './tensor/indexing';
export { set_printoptions, get_printoptions, type PrintOptions } from './tensor/print';
export type { Element, NestedList, ComplexValue } from './tensor/data';
export {
  dtype, get_default_dtype, set_default_dtype,
  bool, uint8, int8, int16, int32, int64, uint16, uint32, uint64, float16, bfloat16, float32, float64, complex32,
  complex64, complex128, half, float, double, cfloat, cdouble, chalf, short, int, long,
} from './dtype';
export { type DeviceLike, set_default_device, get_default_device } from './device';
export {
  layout, strided, memory_format, contiguous_format, preserve_format, channels_last, channels_last_3d,
  type Scalar, type NamedTuple,
} from './tensor/args';
export {
  TorchError, RuntimeError, IndexError, ValueError, NotImplementedError, LinAlgError, OutOfMemoryError,
  DisposedTensorError, KeyError, AttributeError, AssertionError,
} from './errors';
export {
  manual_seed, initial_seed, get_num_threads, set_num_threads, get_num_interop_threads, set_num_interop_threads,
  setAsyncInlineBudget, getAsyncInlineBudget,
  use_deterministic_algorithms, are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled,
  __version__, __config__,
} from './runtime/runtime';
export * from './generated/torch_functions';
export {
  norm, unique, meshgrid, einsum, cartesian_prod, block_diag, broadcast_tensors, atleast_1d, atleast_2d, atleast_3d,
  chain_matmul, tensordot, cdist, unique_consecutive, nonzero, broadcast_shapes, unravel_index, lu, histogramdd,
} from './functional';
export * as linalg from './generated/linalg_functions';
export * as fft from './generated/fft_functions';
export * as special from './generated/special_functions';
export { svd_lowrank, pca_lowrank } from './lowrank';
export * as masked from './masked';
export * as random from './random';
export { get_rng_state, set_rng_state, seed } from './random';
export * as signal from './signal/index';
export * as cuda from './cuda/index';
export * as amp from './amp/index';
export { autocast, is_autocast_enabled, get_autocast_dtype, is_autocast_cache_enabled } from './amp/autocast';
export { default_generator } from './runtime/generator';
export * as nn from './nn/index';
export * as utils from './utils/index';
export * as optim from './optim/index';
export * as autograd from './autograd/index';
export * as serialization from './serialization/index';
export * as jit from './jit/index';
export { save, load, saveAsync, loadAsync } from './serialization/index';
export {
  no_grad, enable_grad, set_grad_enabled, is_grad_enabled, inference_mode, is_inference_mode_enabled, GradModeGuard,
  type GradModeContext,
} from './autograd/grad_mode';

import { Tensor as TensorClass } from './tensor/tensor';
/** True if obj is a torch.Tensor. */
export function is_tensor(obj: unknown): obj is TensorClass {
  return obj instanceof TensorClass;
}
/** The number of elements of a tensor. */
export function numel(input: TensorClass): number {
  return input.numel();
}

// The classes PyTorch code calls without `new` (callable.ts): torch.Tensor(2, 3), torch.device('cpu'),
// torch.Generator(). Each name is both the callable class (a value) and its instances' type.
import { device as DeviceClass } from './device';
import { Generator as GeneratorClass } from './runtime/generator';
import { callable } from './callable';
import { Size as SizeClass } from './tensor/size';
import type { TensorData } from './tensor/create';

/** torch.Tensor: the tensor class (use torch.tensor, torch.zeros... to make tensors). Calling it, with or without
 *  `new`, is PyTorch's legacy constructor: `torch.Tensor(2, 3)` is an uninitialised 2x3 tensor of the default
 *  dtype, `torch.Tensor([1, 2])` a tensor of the default dtype from data. */
export const Tensor = callable(TensorClass) as typeof TensorClass & {
  (...sizes: number[]): TensorClass;
  (data: TensorData): TensorClass;
};
export type Tensor = TensorClass;
/** torch.device('cuda:0'), torch.device('cuda', 0): with or without `new`. */
export const device = callable(DeviceClass) as typeof DeviceClass & ((spec: string | DeviceClass, index?: number) => DeviceClass);
export type device = DeviceClass;
/** torch.Generator(device = 'cpu'): with or without `new`. */
export const Generator = callable(GeneratorClass) as typeof GeneratorClass & ((dev?: string | DeviceClass) => GeneratorClass);
export type Generator = GeneratorClass;
/** torch.Size([3, 4]): a shape, with or without `new` (what Tensor.shape and Tensor.size() return). */
export const Size = callable(SizeClass) as typeof SizeClass & ((sizes?: Iterable<number>) => SizeClass);
export type Size = SizeClass;
/** torch.is_floating_point(input) */
export function is_floating_point(input: TensorClass): boolean {
  return input.is_floating_point();
}
/** torch.is_complex(input) */
export function is_complex(input: TensorClass): boolean {
  return input.is_complex();
}
