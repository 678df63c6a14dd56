// torch.optim: the Optimizer base (optimizer.ts) and the optimizers, each after its torch/optim/*.py.
export {
  Optimizer, AssertionError, type OptimizerStateDict, type OptimizerStateDictInput, type OptimizerState, type ParamGroup,
  type ParamGroupInput, type Params, type Loss,
} from './optimizer';
export * as optimizer from './optimizer_module';
export { SGD, type SGDOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { AdamW, type AdamWOptions } from './adamw';
export { Adamax, type AdamaxOptions } from './adamax';
export { NAdam, type NAdamOptions } from './nadam';
export { RAdam, type RAdamOptions } from './radam';
export { RMSprop, type RMSpropOptions } from './rmsprop';
export { Adagrad, type AdagradOptions } from './adagrad';
export { Adadelta, type AdadeltaOptions } from './adadelta';
export { Rprop, type RpropOptions } from './rprop';
export { ASGD, type ASGDOptions } from './asgd';
export { LBFGS, type LBFGSOptions } from './lbfgs';
export { SparseAdam, type SparseAdamOptions } from './sparse_adam';
export { Adafactor, type AdafactorOptions } from './adafactor';
export { Muon, type MuonOptions } from './muon';
export * as lr_scheduler from './lr_scheduler';
export * as swa_utils from './swa_utils';
