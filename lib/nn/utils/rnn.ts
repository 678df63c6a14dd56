// torch.nn.utils.rnn, after PyTorch's torch/nn/utils/rnn.py: PackedSequence (a named tuple of data, batch_sizes,
// sorted_indices, unsorted_indices that destructures as an array), pack_padded_sequence, pad_packed_sequence,
// pad_sequence, unpad_sequence, pack_sequence, unpack_sequence and invert_permutation, over LibTorch's packing
// kernels.
import { Tensor } from '../../tensor/tensor';
import { tensor as makeTensor } from '../../tensor/create';
import { type dtype, float64, float32, float16, int64, int32, int16, int8, uint8 } from '../../dtype';
import { contiguous_format } from '../../tensor/args';
import { _VF, arange, empty_like, sort } from '../../generated/torch_functions';
import { pad_sequence as padSequenceKernel } from '../../generated/nn_functions';
import { AssertionError, TorchError, ValueError } from '../../errors';
import { type PyArgs, parse, req } from '../functional/_utils';

type AnyFn = (...a: unknown[]) => unknown;
type OptT = Tensor | null;

/** invert_permutation(permutation): the inverse permutation (null for null). */
export function invert_permutation(permutation: OptT): OptT {
  if (permutation === null || permutation === undefined) return null;
  const output = empty_like(permutation, { memory_format: contiguous_format });
  output.scatter_(0, permutation, arange(0, permutation.numel(), { device: permutation.device }));
  return output;
}

/** PackedSequence(data, batch_sizes=None, sorted_indices=None, unsorted_indices=None): a batch of variable-length
 *  sequences packed for the RNN modules; made by pack_padded_sequence / pack_sequence. Destructures as Python's
 *  named tuple: `const [data, batch_sizes] = packed`. */
export class PackedSequence {
  readonly data: Tensor;
  readonly batch_sizes: Tensor;
  readonly sorted_indices: OptT;
  readonly unsorted_indices: OptT;
  constructor(data: Tensor | [Tensor, Tensor], batch_sizes: OptT = null, sorted_indices: OptT = null, unsorted_indices: OptT = null) {
    const unsorted = unsorted_indices ?? invert_permutation(sorted_indices);
    if (batch_sizes !== null && batch_sizes !== undefined) {
      if (batch_sizes.device.type !== 'cpu') {
        throw new ValueError(
          'batch_sizes should always be on CPU. Instances of PackedSequence should never be created manually. They should be instantiated by functions like pack_sequence and pack_padded_sequences in nn.utils.rnn. https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence',
        );
      }
      this.data = data as Tensor;
      this.batch_sizes = batch_sizes;
    } else {
      if (!(Array.isArray(data) && data.length === 2)) throw new AssertionError('Expected data to be a list or tuple of length 2');
      [this.data, this.batch_sizes] = data;
    }
    this.sorted_indices = sorted_indices;
    this.unsorted_indices = unsorted;
  }
  *[Symbol.iterator](): Generator<OptT> {
    yield this.data;
    yield this.batch_sizes;
    yield this.sorted_indices;
    yield this.unsorted_indices;
  }
  get length(): number {
    return 4;
  }
  /** to(...): data converted as Tensor.to converts it, the indices moved to its device; the same sequence when
   *  nothing changes. */
  to(...args: unknown[]): PackedSequence {
    const data = (this.data.to as AnyFn)(...args) as Tensor;
    if (data === this.data) return this;
    const move = (t: OptT) => (t === null ? null : t.to(data.device));
    return new (this.constructor as typeof PackedSequence)(data, this.batch_sizes, move(this.sorted_indices), move(this.unsorted_indices));
  }
  cuda(device?: number | string): PackedSequence {
    return this.to(device === undefined ? 'cuda' : typeof device === 'number' ? `cuda:${device}` : device);
  }
  cpu(): PackedSequence {
    return this.to('cpu');
  }
  double(): PackedSequence {
    return this.toDtype(float64);
  }
  float(): PackedSequence {
    return this.toDtype(float32);
  }
  half(): PackedSequence {
    return this.toDtype(float16);
  }
  long(): PackedSequence {
    return this.toDtype(int64);
  }
  int(): PackedSequence {
    return this.toDtype(int32);
  }
  short(): PackedSequence {
    return this.toDtype(int16);
  }
  char(): PackedSequence {
    return this.toDtype(int8);
  }
  byte(): PackedSequence {
    return this.toDtype(uint8);
  }
  private toDtype(dt: dtype): PackedSequence {
    return this.to({ dtype: dt });
  }
  get is_cuda(): boolean {
    return this.data.is_cuda;
  }
  is_pinned(): boolean {
    return (this.data as unknown as { is_pinned(): boolean }).is_pinned();
  }
  /** Python's named tuple repr. */
  toString(): string {
    const s = (t: OptT) => (t === null ? 'None' : String(t));
    return `PackedSequence(data=${s(this.data)}, batch_sizes=${s(this.batch_sizes)}, sorted_indices=${s(this.sorted_indices)}, unsorted_indices=${s(this.unsorted_indices)})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True): packs a padded batch (T, B, *)
 *  (or (B, T, *)) of sequences with the given lengths; with enforce_sorted=False the lengths need not be sorted. */
export function pack_padded_sequence(
  input: Tensor,
  lengths: Tensor | number[],
  ...args: PyArgs<[batch_first: boolean, enforce_sorted: boolean], { batch_first?: boolean; enforce_sorted?: boolean }>
): PackedSequence {
  const a = parse('pack_padded_sequence', [input, lengths, ...args], { input: req<Tensor>(), lengths: req<Tensor | number[]>(), batch_first: false, enforce_sorted: true });
  let lens = a.lengths instanceof Tensor ? a.lengths.to({ dtype: int64 }) : makeTensor(a.lengths.map((x) => BigInt(x)), { dtype: int64, device: 'cpu' });
  let inp = a.input;
  let sorted_indices: OptT = null;
  if (!a.enforce_sorted) {
    const [sortedLens, idx] = sort(lens, { descending: true }) as unknown as [Tensor, Tensor];
    lens = sortedLens;
    sorted_indices = idx.to(inp.device);
    inp = inp.index_select(a.batch_first ? 0 : 1, sorted_indices);
  }
  const [data, batch_sizes] = (_VF._pack_padded_sequence as AnyFn)(inp, lens, a.batch_first) as [Tensor, Tensor];
  return new PackedSequence(data, batch_sizes, sorted_indices, null);
}

/** pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None): the inverse of
 *  pack_padded_sequence: [padded, lengths]. */
export function pad_packed_sequence(
  sequence: PackedSequence,
  ...args: PyArgs<[batch_first: boolean, padding_value: number, total_length: number | null], { batch_first?: boolean; padding_value?: number; total_length?: number | null }>
): [Tensor, Tensor] {
  const a = parse('pad_packed_sequence', [sequence, ...args], { sequence: req<PackedSequence>(), batch_first: false, padding_value: 0.0, total_length: null as number | null });
  const seq = a.sequence;
  let max_seq_length = seq.batch_sizes.size(0);
  if (a.total_length !== null) {
    if (a.total_length < max_seq_length) {
      throw new ValueError(
        `Expected total_length to be at least the length of the longest sequence in input, but got total_length=${a.total_length} and max sequence length being ${max_seq_length}`,
      );
    }
    max_seq_length = a.total_length;
  }
  const [padded_output, lengths] = (_VF._pad_packed_sequence as AnyFn)(seq.data, seq.batch_sizes, a.batch_first, a.padding_value, max_seq_length) as [Tensor, Tensor];
  const unsorted_indices = seq.unsorted_indices;
  if (unsorted_indices !== null) {
    return [padded_output.index_select(a.batch_first ? 0 : 1, unsorted_indices), lengths.index_select(0, unsorted_indices.cpu())];
  }
  return [padded_output, lengths];
}

/** pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side='right'): a list of (L_i, *)
 *  tensors padded to one (max L, B, *) tensor (or (B, max L, *)). */
export function pad_sequence(
  sequences: Tensor[] | Tensor,
  ...args: PyArgs<[batch_first: boolean, padding_value: number, padding_side: 'left' | 'right'], { batch_first?: boolean; padding_value?: number; padding_side?: 'left' | 'right' }>
): Tensor {
  const a = parse('pad_sequence', [sequences, ...args], { sequences: req<Tensor[] | Tensor>(), batch_first: false, padding_value: 0.0, padding_side: 'right' as 'left' | 'right' });
  let seqs: Tensor[];
  if (a.sequences instanceof Tensor) seqs = a.sequences.unbind(0);
  else if (a.sequences !== null && typeof (a.sequences as Iterable<Tensor>)[Symbol.iterator] === 'function') seqs = [...a.sequences];
  else throw new TorchError(`pad_sequence: Expected iterable for input sequences, but got arg of type: <class '${typeof a.sequences}'>`);
  return (padSequenceKernel as AnyFn)(seqs, a.batch_first, a.padding_value, a.padding_side) as Tensor;
}

/** unpad_sequence(padded_sequences, lengths, batch_first=False): the list of sequences of a padded batch. As in
 *  PyTorch, a (T, B, *) input is transposed in place. */
export function unpad_sequence(
  padded_sequences: Tensor,
  lengths: Tensor,
  ...args: PyArgs<[batch_first: boolean], { batch_first?: boolean }>
): Tensor[] {
  const a = parse('unpad_sequence', [padded_sequences, lengths, ...args], { padded_sequences: req<Tensor>(), lengths: req<Tensor>(), batch_first: false });
  const padded = a.padded_sequences;
  if (!a.batch_first) padded.transpose_(0, 1);
  const max_length = padded.shape[1];
  const idx = arange(max_length, { device: a.lengths.device });
  const n = padded.shape[0];
  if (a.lengths.numel() !== n) throw new ValueError(`zip() argument 2 is ${a.lengths.numel() > n ? 'longer' : 'shorter'} than argument 1`);
  const out: Tensor[] = [];
  for (let i = 0; i < n; i++) out.push(padded.select(0, i).at(idx.lt(a.lengths.select(0, i))));
  return out;
}

/** pack_sequence(sequences, enforce_sorted=True): packs a list of variable-length tensors. */
export function pack_sequence(sequences: Tensor[], ...args: PyArgs<[enforce_sorted: boolean], { enforce_sorted?: boolean }>): PackedSequence {
  const a = parse('pack_sequence', [sequences, ...args], { sequences: req<Tensor[]>(), enforce_sorted: true });
  const lengths = makeTensor(a.sequences.map((v) => BigInt(v.size(0))));
  return pack_padded_sequence(pad_sequence(a.sequences), lengths, { enforce_sorted: a.enforce_sorted });
}

/** unpack_sequence(packed_sequences): the list of sequences of a PackedSequence. */
export function unpack_sequence(packed_sequences: PackedSequence): Tensor[] {
  const [padded, lengths] = pad_packed_sequence(packed_sequences, { batch_first: true });
  return unpad_sequence(padded, lengths, { batch_first: true });
}
