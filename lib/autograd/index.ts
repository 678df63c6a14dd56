// The torch.autograd namespace.
export {
  backward, grad, backwardAsync, gradAsync, set_detect_anomaly, is_anomaly_enabled, detect_anomaly,
} from './autograd';
export type { BackwardOptions, GradOptions } from './autograd';
export { Function, FunctionCtx } from './function';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck';
export * as functional from './functional';
export * as forward_ad from './forward_ad';
export { RemovableHandle } from '../utils/hooks';
