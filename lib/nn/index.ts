// torch.nn (so far: torch.nn.functional, lib/nn/functional/).
export * as functional from './functional/index';
