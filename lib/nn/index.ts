// torch.nn
export * as functional from './functional/index';
export { Parameter } from './parameter';
