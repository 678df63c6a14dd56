// Device arguments of torch.nn.parallel: a CUDA index (as Python's device_ids), a device string or torch.device.
// torch-node also accepts CPU devices here, so the replicate / scatter / gather machinery runs (and is tested)
// on machines without GPUs; PyTorch's own collectives are CUDA-only.
import { device, toDevice, type DeviceLike } from '../../device';

export type DeviceId = number | DeviceLike;

export function toDev(d: DeviceId): device {
  return typeof d === 'number' ? new device('cuda', d) : toDevice(d);
}
