// torch.optim.optimizer: the module's public names (the base class, the global step hooks, `required`).
export {
  Optimizer, register_optimizer_step_pre_hook, register_optimizer_step_post_hook, required,
  type GlobalOptimizerPreHook, type GlobalOptimizerPostHook, type OptimizerPreHook, type OptimizerPostHook,
} from './optimizer';
