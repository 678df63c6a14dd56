// torch.cuda
export * from './cuda';
export * as amp from './amp';
