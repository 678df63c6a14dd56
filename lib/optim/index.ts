// torch.optim: the Optimizer base (optimizer.ts) and the optimizers, each after its torch/optim/*.py.
export {
  Optimizer, AssertionError, type OptimizerStateDict, type OptimizerStateDictInput, type OptimizerState, type ParamGroup,
  type ParamGroupInput, type Params, type Loss,
} from './optimizer';
export * as optimizer from './optimizer_module';
export { SGD, type SGDOptions } from './sgd';
export { Adam, type AdamOptions } from './adam';
export { AdamW, type AdamWOptions } from './adamw';
