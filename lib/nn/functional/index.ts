// torch.nn.functional: PyTorch's torch/nn/functional.py, ported function by function (`const F =
// torch.nn.functional`). Python's positional parameters come first, its keyword arguments in a trailing options
// object with Python's names: `F.cross_entropy(x, y, {reduction: 'sum', label_smoothing: 0.1})`. The functions
// Python takes straight from LibTorch (conv2d, linear, gelu, ...) are the generated ops.
export * from './activation';
export * from './dropout';
export * from './pooling';
export * from './normalization';
export * from './loss';
export * from './vision';
export * from './sparse';
export * from './linear';
export * from './distance';
export * from './attention';
export { assert_int_or_pair } from './_utils';
