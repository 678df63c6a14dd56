// torch.nn.utils.parameters_to_vector / vector_to_parameters, after PyTorch's convert_parameters.py.
import { Tensor } from '../../tensor/tensor';
import { cat } from '../../generated/torch_functions';
import { typename } from '../module';

/** Python's check that all parameters are on one device (the CPU, or one CUDA device). */
function _check_param_device(param: Tensor, old_param_device: number | null): number {
  if (old_param_device === null) return param.device.type === 'cuda' ? param.get_device() : -1;
  const differs = param.device.type === 'cuda' ? param.get_device() !== old_param_device : old_param_device !== -1;
  if (differs) throw new TypeError('Found two parameters on different devices, this is currently not supported.');
  return old_param_device;
}

/** The parameters flattened into one vector. */
export function parameters_to_vector(parameters: Iterable<Tensor>): Tensor {
  let param_device: number | null = null;
  const vec: Tensor[] = [];
  for (const param of parameters) {
    param_device = _check_param_device(param, param_device);
    vec.push(param.view(-1));
  }
  return cat(vec);
}

/** Gives each parameter its slice of vec (its data is replaced: the same tensor objects, new values). */
export function vector_to_parameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${typename(vec)}`);
  let param_device: number | null = null;
  let pointer = 0;
  for (const param of parameters) {
    param_device = _check_param_device(param, param_device);
    const num_param = param.numel();
    param.data = vec.at(`${pointer}:${pointer + num_param}`).view_as(param).data;
    pointer += num_param;
  }
}
