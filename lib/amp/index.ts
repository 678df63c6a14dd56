// torch.amp: automatic mixed precision (autocast regions and loss scaling), for 'cuda' and 'cpu'.
export { autocast, is_autocast_enabled, get_autocast_dtype, is_autocast_cache_enabled, AutocastGuard, type AutocastContext, type AutocastOptions } from './autocast';
export { GradScaler, OptState, type GradScalerOptions, type GradScalerStateDict, type ScalableOptimizer } from './grad_scaler';
