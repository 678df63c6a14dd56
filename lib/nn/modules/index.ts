// torch.nn.modules: the module classes, and torch.nn.modules.module (module.py: Module and the global hooks).
export * as module from '../module';
export { Module } from '../module';
export { Sequential, ModuleList, ModuleDict, ParameterList, ParameterDict } from './container';
export { Identity, Linear, Bilinear } from './linear';
