// torch.utils
export * as hooks from './hooks';
export * as summary from './summary';
export * as tensorboard from './tensorboard/index';
export * as data from './data/index';
