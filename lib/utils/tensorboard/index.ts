// torch.utils.tensorboard
export { SummaryWriter, FileWriter, type SummaryWriterOptions, type StepOptions } from './writer';
export { crc32c, maskedCrc32c } from './record_writer';
