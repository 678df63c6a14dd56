// torch.nn
export * as functional from './functional';
export { Parameter } from './parameter';
