// torch.nn.parallel
export { DataParallel, data_parallel, type DataParallelOptions } from './data_parallel';
export { replicate } from './replicate';
export { scatter, scatter_kwargs, gather } from './scatter_gather';
export { parallel_apply, get_a_var } from './parallel_apply';
export * as comm from './comm';
