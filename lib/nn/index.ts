// torch.nn
export * as functional from './functional/index';
export { Parameter } from './parameter';
export * as init from './init';
export * as modules from './modules/index';
export * as utils from './utils/index';
export { Module, type IncompatibleKeys, type StateDict } from './module';
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './modules/container';
export { Identity, Linear, Bilinear } from './modules/linear';
export * as parallel from './parallel/index';
export { DataParallel } from './parallel/data_parallel';
