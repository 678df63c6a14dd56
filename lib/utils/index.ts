// torch.utils
export * as hooks from './hooks';
export * as summary from './summary';
