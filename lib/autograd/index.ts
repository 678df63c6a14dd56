// The torch.autograd namespace.
export { backward, grad, set_detect_anomaly, is_anomaly_enabled, detect_anomaly } from './autograd';
export type { BackwardOptions, GradOptions } from './autograd';
