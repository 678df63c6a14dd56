// torch.nn
export * as functional from './functional/index';
export { Parameter, Buffer } from './parameter';
export { UninitializedParameter, UninitializedBuffer } from './modules/lazy';
export * as init from './init';
export * as modules from './modules/index';
export * as utils from './utils/index';
export { Module, type IncompatibleKeys, type StateDict } from './module';
export * from './modules/index';
export * as parallel from './parallel/index';
export { DataParallel } from './parallel/data_parallel';
