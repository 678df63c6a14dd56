// torch.optim (so far: the Optimizer base and SGD; the other optimizers and the LR schedulers arrive with nn/optim).
export { Optimizer, type OptimizerStateDict, type ParamGroup, type Params } from './optimizer';
export { SGD, type SGDOptions } from './sgd';
