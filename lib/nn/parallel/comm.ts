// torch.nn.parallel.comm, over plain copies: broadcast to devices, reduce-add back, scatter and gather along a
// dimension. (PyTorch coalesces them with NCCL-backed kernels on CUDA; here each is a device copy, which CUDA queues
// asynchronously all the same.)
import { Tensor } from '../../tensor/tensor';
import { cat } from '../../generated/torch_functions';
import { ValueError } from '../../errors';
import { type DeviceId, toDev } from './devices';

const copyTo = (t: Tensor, d: DeviceId): Tensor => t.to(toDev(d), { copy: true, non_blocking: true });

/** Each tensor copied to each device: result[device][tensor]. */
export function broadcast_coalesced(tensors: readonly Tensor[], devices: readonly DeviceId[]): Tensor[][] {
  return devices.map((d) => tensors.map((t) => copyTo(t, d)));
}

/** Sums, per position, the tensors of every device on `destination`: inputs[device][tensor] -> result[tensor]. */
export function reduce_add_coalesced(inputs: readonly (readonly Tensor[])[], destination: DeviceId): Tensor[] {
  const dest = toDev(destination);
  return inputs[0].map((_, i) => {
    let sum = copyTo(inputs[0][i], dest);
    for (let k = 1; k < inputs.length; k++) sum = sum.add(inputs[k][i].to(dest));
    return sum;
  });
}

/** Splits `tensor` along `dim` (in chunk_sizes, or evenly as torch.chunk) and copies each piece to its device. */
export function scatter(tensor: Tensor, devices: readonly DeviceId[], chunk_sizes: readonly number[] | null, dim: number): Tensor[] {
  let chunks: Tensor[];
  if (chunk_sizes !== null) {
    const total = chunk_sizes.reduce((a, b) => a + b, 0);
    if (total !== tensor.size(dim)) {
      throw new ValueError(`Chunk sizes should sum up to ${tensor.size(dim)}, but they sum up to ${total}`);
    }
    chunks = tensor.split(chunk_sizes as number[], dim) as Tensor[];
  } else {
    chunks = tensor.chunk(devices.length, dim) as Tensor[];
  }
  return chunks.map((c, i) => copyTo(c, devices[i]).contiguous());
}

/** Concatenates tensors along `dim` on `destination`. */
export function gather(tensors: readonly Tensor[], dim: number, destination: DeviceId): Tensor {
  const dest = toDev(destination);
  return cat(tensors.map((t) => t.to(dest, { non_blocking: true })), dim);
}
