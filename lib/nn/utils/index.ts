// torch.nn.utils
export { clip_grad_norm_, clip_grad_norm, clip_grad_value_, get_total_norm, clip_grads_with_norm_ } from './clip_grad';
export { parameters_to_vector, vector_to_parameters } from './convert_parameters';
export * as parametrize from './parametrize';
export * as rnn from './rnn';
export * as parametrizations from './parametrizations';
export { weight_norm, remove_weight_norm, WeightNorm } from './weight_norm';
export * as stateless from './stateless';
export { spectral_norm, remove_spectral_norm, SpectralNorm } from './spectral_norm';
export { fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval, fuse_linear_bn_weights } from './fusion';
export * as fusion from './fusion';
export { skip_init } from './init';
export * as prune from './prune';
