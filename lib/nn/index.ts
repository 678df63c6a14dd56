// torch.nn (so far: the LibTorch-builtin part of torch.nn.functional).
export * as functional from './functional';
