// torch.utils.data
export { Dataset, IterableDataset, TensorDataset, StackDataset, ConcatDataset, ChainDataset, Subset, random_split } from './dataset';
export {
  Sampler,
  SequentialSampler,
  RandomSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
  BatchSampler,
  DistributedSampler,
  type RandomSamplerOptions,
  type DistributedSamplerOptions,
} from './sampler';
export { default_collate, default_convert, type Collated } from './collate';
export { DataLoader, type DataLoaderOptions } from './dataloader';
export { get_worker_info, type WorkerInfo, type WorkerReduce, _worker_main } from './worker';
