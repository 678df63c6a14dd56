// torch.utils.tensorboard: SummaryWriter (and FileWriter) writing TensorBoard event files.
export { SummaryWriter, FileWriter, type SummaryWriterOptions, type StepOptions } from './writer';
