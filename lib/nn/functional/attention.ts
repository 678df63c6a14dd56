// torch.nn.functional: attention (torch/nn/functional.py): scaled_dot_product_attention (the LibTorch builtin)
// and multi_head_attention_forward, the computation of nn.MultiheadAttention, ported with its shape checks,
// mask canonicalization, messages and warnings.
import { Tensor } from '../../tensor/tensor';
import type { dtype } from '../../dtype';
import * as D from '../../dtype';
import * as T from '../../generated/torch_functions';
import * as NN from '../../generated/nn_functions';
import { AssertionError, TorchError } from '../../errors';
import { type PyArgs, parse, req, tensor, sizeRepr, sameShape, tupleRepr, warn } from './_utils';
import { softmax } from './activation';
import { dropout } from './dropout';

type AnyFn = (...a: unknown[]) => unknown;
const call = (f: unknown, ...a: unknown[]): Tensor => (f as AnyFn)(...a) as Tensor;
type OptT = Tensor | null;

/** scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
 *  enable_gqa=False): softmax(Q K^T * scale + mask) V, with optional dropout (from the global generator) and
 *  causal masking. */
export const scaled_dot_product_attention = NN.scaled_dot_product_attention;

const linear = (x: Tensor, w: Tensor, b: OptT): Tensor => call(NN.linear, x, w, b);

/** _in_projection_packed: q, k, v projected by one packed (3E, E) weight (self- and encoder-decoder attention). */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: OptT): [Tensor, Tensor, Tensor] {
  const E = q.size(-1);
  if (k === v) {
    if (q === k) {
      const proj = linear(q, w, b).unflatten(-1, [3, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
      return [proj.select(0, 0), proj.select(0, 1), proj.select(0, 2)];
    }
    const [wq, wkv] = w.split([E, E * 2]);
    const [bq, bkv] = b === null ? [null, null] : b.split([E, E * 2]);
    const qProj = linear(q, wq, bq);
    const kvProj = linear(k, wkv, bkv).unflatten(-1, [2, E]).unsqueeze(0).transpose(0, -2).squeeze(-2).contiguous();
    return [qProj, kvProj.select(0, 0), kvProj.select(0, 1)];
  }
  const [wq, wk, wv] = w.chunk(3);
  const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(q, wq, bq), linear(k, wk, bk), linear(v, wv, bv)];
}

/** _in_projection: q, k, v projected by separate weights, with their shape checks. */
function inProjection(
  q: Tensor, k: Tensor, v: Tensor, wq: Tensor, wk: Tensor, wv: Tensor, bq: OptT, bk: OptT, bv: OptT,
): [Tensor, Tensor, Tensor] {
  const [Eq, Ek, Ev] = [q.size(-1), k.size(-1), v.size(-1)];
  const check = (w: Tensor, shape: number[], what: string) => {
    if (!sameShape(w.shape, shape)) throw new AssertionError(`expecting ${what} shape of ${tupleRepr(shape)}, but got ${sizeRepr(w.shape)}`);
  };
  check(wq, [Eq, Eq], 'query weights');
  check(wk, [Eq, Ek], 'key weights');
  check(wv, [Eq, Ev], 'value weights');
  if (bq !== null) check(bq, [Eq], 'query bias');
  if (bk !== null) check(bk, [Eq], 'key bias');
  if (bv !== null) check(bv, [Eq], 'value bias');
  return [linear(q, wq, bq), linear(k, wk, bk), linear(v, wv, bv)];
}

/** _mha_shape_check: whether the inputs are batched (3-d query), checking the others' dims. */
function mhaShapeCheck(query: Tensor, key: Tensor, value: Tensor, kpm: OptT, attnMask: OptT, numHeads: number): boolean {
  if (query.dim() === 3) {
    if (key.dim() !== 3 || value.dim() !== 3) {
      throw new AssertionError(
        `For batched (3-D) \`query\`, expected \`key\` and \`value\` to be 3-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
      );
    }
    if (kpm !== null && kpm.dim() !== 2) {
      throw new AssertionError(`For batched (3-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 2-D but found ${kpm.dim()}-D tensor instead`);
    }
    if (attnMask !== null && attnMask.dim() !== 2 && attnMask.dim() !== 3) {
      throw new AssertionError(`For batched (3-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
    }
    return true;
  }
  if (query.dim() === 2) {
    if (key.dim() !== 2 || value.dim() !== 2) {
      throw new AssertionError(
        `For unbatched (2-D) \`query\`, expected \`key\` and \`value\` to be 2-D but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
      );
    }
    if (kpm !== null && kpm.dim() !== 1) {
      throw new AssertionError(`For unbatched (2-D) \`query\`, expected \`key_padding_mask\` to be \`None\` or 1-D but found ${kpm.dim()}-D tensor instead`);
    }
    if (attnMask !== null) {
      if (attnMask.dim() !== 2 && attnMask.dim() !== 3) {
        throw new AssertionError(`For unbatched (2-D) \`query\`, expected \`attn_mask\` to be \`None\`, 2-D or 3-D but found ${attnMask.dim()}-D tensor instead`);
      }
      if (attnMask.dim() === 3) {
        const expected = [numHeads, query.shape[0], key.shape[0]];
        if (!sameShape(attnMask.shape, expected)) {
          throw new AssertionError(`Expected \`attn_mask\` shape to be ${tupleRepr(expected)} but got ${sizeRepr(attnMask.shape)}`);
        }
      }
    }
    return false;
  }
  throw new AssertionError(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
}

/** _canonical_mask: a boolean mask as a float one (-inf where true), checked and warned about as Python does. */
export function _canonical_mask(mask: OptT, maskName: string, otherType: dtype | null, otherName: string, targetType: dtype, checkOther = true): OptT {
  if (mask === null) return null;
  const isFloat = mask.is_floating_point();
  if (mask.dtype !== D.bool && !isFloat) throw new AssertionError(`only bool and floating types of ${maskName} are supported`);
  if (checkOther && otherType !== null && mask.dtype !== otherType) {
    warn(`Support for mismatched ${maskName} and ${otherName} is deprecated. Use same type for both instead.`);
  }
  if (!isFloat) return T.zeros_like(mask, { dtype: targetType }).masked_fill_(mask, -Infinity);
  return mask;
}

/** _none_or_dtype: a tensor's dtype, or null. */
export function _none_or_dtype(input: OptT): dtype | null {
  return input === null ? null : input.dtype;
}

type MhaOptions = {
  training?: boolean; key_padding_mask?: OptT; need_weights?: boolean; attn_mask?: OptT; use_separate_proj_weight?: boolean;
  q_proj_weight?: OptT; k_proj_weight?: OptT; v_proj_weight?: OptT; static_k?: OptT; static_v?: OptT;
  average_attn_weights?: boolean; is_causal?: boolean;
};

/** multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
 *  bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training=True, key_padding_mask=None,
 *  need_weights=True, attn_mask=None, use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
 *  v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True, is_causal=False): the forward of
 *  nn.MultiheadAttention on (L, N, E) (or unbatched (L, E)) inputs: [attn_output, attn_output_weights or null]. */
export function multi_head_attention_forward(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  embed_dim_to_check: number,
  num_heads: number,
  in_proj_weight: OptT,
  in_proj_bias: OptT,
  bias_k: OptT,
  bias_v: OptT,
  add_zero_attn: boolean,
  dropout_p: number,
  out_proj_weight: Tensor,
  out_proj_bias: OptT,
  ...args: PyArgs<
    [training: boolean, key_padding_mask: OptT, need_weights: boolean, attn_mask: OptT, use_separate_proj_weight: boolean,
      q_proj_weight: OptT, k_proj_weight: OptT, v_proj_weight: OptT, static_k: OptT, static_v: OptT,
      average_attn_weights: boolean, is_causal: boolean],
    MhaOptions
  >
): [Tensor, Tensor | null] {
  const a = parse(
    'multi_head_attention_forward',
    [query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn, dropout_p,
      out_proj_weight, out_proj_bias, ...args],
    {
      query: tensor(), key: tensor(), value: tensor(), embed_dim_to_check: req<number>(), num_heads: req<number>(),
      in_proj_weight: req<OptT>(), in_proj_bias: req<OptT>(), bias_k: req<OptT>(), bias_v: req<OptT>(), add_zero_attn: req<boolean>(),
      dropout_p: req<number>(), out_proj_weight: req<Tensor>(), out_proj_bias: req<OptT>(), training: true,
      key_padding_mask: null as OptT, need_weights: true, attn_mask: null as OptT, use_separate_proj_weight: false,
      q_proj_weight: null as OptT, k_proj_weight: null as OptT, v_proj_weight: null as OptT, static_k: null as OptT,
      static_v: null as OptT, average_attn_weights: true, is_causal: false,
    },
  );
  const numHeads = a.num_heads;
  let { query: q0, key: k0, value: v0, key_padding_mask: kpm, attn_mask: attnMask, is_causal: isCausal, dropout_p: dropoutP } = a;
  const isBatched = mhaShapeCheck(q0, k0, v0, kpm, attnMask, numHeads);
  if (!isBatched) {
    q0 = q0.unsqueeze(1);
    k0 = k0.unsqueeze(1);
    v0 = v0.unsqueeze(1);
    if (kpm !== null) kpm = kpm.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = q0.shape;
  let srcLen = k0.shape[0];
  kpm = _canonical_mask(kpm, 'key_padding_mask', attnMask === null ? null : attnMask.dtype, 'attn_mask', q0.dtype);
  if (isCausal && attnMask === null) {
    throw new TorchError(
      'Need attn_mask if specifying the is_causal hint. You may use the Transformer module method ' +
        '`generate_square_subsequent_mask` to create this mask.',
    );
  }
  if (isCausal && kpm === null && !a.need_weights) {
    attnMask = null;
  } else {
    attnMask = _canonical_mask(attnMask, 'attn_mask', null, '', q0.dtype, false);
    if (kpm !== null) isCausal = false;
  }
  if (embedDim !== a.embed_dim_to_check) {
    throw new AssertionError(`was expecting embedding dimension of ${a.embed_dim_to_check}, but got ${embedDim}`);
  }
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim) throw new AssertionError(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  if (a.use_separate_proj_weight) {
    if (!sameShape(k0.shape.slice(0, 2), v0.shape.slice(0, 2))) {
      throw new AssertionError(`key's sequence and batch dims ${sizeRepr(k0.shape.slice(0, 2))} do not match value's ${sizeRepr(v0.shape.slice(0, 2))}`);
    }
  } else if (!sameShape(k0.shape, v0.shape)) {
    throw new AssertionError(`key shape ${sizeRepr(k0.shape)} does not match value shape ${sizeRepr(v0.shape)}`);
  }
  let q: Tensor, k: Tensor, v: Tensor;
  if (!a.use_separate_proj_weight) {
    if (a.in_proj_weight === null) throw new AssertionError('use_separate_proj_weight is False but in_proj_weight is None');
    // the arguments' identity picks the packed projection's path, as Python's `is` (unbatched inputs were
    // unsqueezed into new tensors above, as in Python)
    [q, k, v] = inProjectionPacked(q0, k0, v0, a.in_proj_weight, a.in_proj_bias);
  } else {
    if (a.q_proj_weight === null) throw new AssertionError('use_separate_proj_weight is True but q_proj_weight is None');
    if (a.k_proj_weight === null) throw new AssertionError('use_separate_proj_weight is True but k_proj_weight is None');
    if (a.v_proj_weight === null) throw new AssertionError('use_separate_proj_weight is True but v_proj_weight is None');
    const [bq, bk, bv] = a.in_proj_bias === null ? [null, null, null] : a.in_proj_bias.chunk(3);
    [q, k, v] = inProjection(q0, k0, v0, a.q_proj_weight, a.k_proj_weight, a.v_proj_weight, bq, bk, bv);
  }
  if (attnMask !== null) {
    if (attnMask.dim() === 2) {
      const correct = [tgtLen, srcLen];
      if (!sameShape(attnMask.shape, correct)) {
        throw new TorchError(`The shape of the 2D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${tupleRepr(correct)}.`);
      }
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.dim() === 3) {
      const correct = [bsz * numHeads, tgtLen, srcLen];
      if (!sameShape(attnMask.shape, correct)) {
        throw new TorchError(`The shape of the 3D attn_mask is ${sizeRepr(attnMask.shape)}, but should be ${tupleRepr(correct)}.`);
      }
    } else {
      throw new TorchError(`attn_mask's dimension ${attnMask.dim()} is not supported`);
    }
  }
  const padLast = (m: Tensor) => call(NN.pad, m, [0, 1]);
  const { bias_k: biasK, bias_v: biasV, static_k: staticK, static_v: staticV } = a;
  if (biasK !== null && biasV !== null) {
    if (staticK !== null) throw new AssertionError('bias cannot be added to static key.');
    if (staticV !== null) throw new AssertionError('bias cannot be added to static value.');
    k = T.cat([k, biasK.repeat(1, bsz, 1)]);
    v = T.cat([v, biasV.repeat(1, bsz, 1)]);
    if (attnMask !== null) attnMask = padLast(attnMask);
    if (kpm !== null) kpm = padLast(kpm);
  } else {
    if (biasK !== null) throw new AssertionError('bias_k is set but bias_v is None');
    if (biasV !== null) throw new AssertionError('bias_v is set but bias_k is None');
  }
  q = q.view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
  if (staticK === null) {
    k = k.view(k.shape[0], bsz * numHeads, headDim).transpose(0, 1);
  } else {
    if (staticK.size(0) !== bsz * numHeads) throw new AssertionError(`expecting static_k.size(0) of ${bsz * numHeads}, but got ${staticK.size(0)}`);
    if (staticK.size(2) !== headDim) throw new AssertionError(`expecting static_k.size(2) of ${headDim}, but got ${staticK.size(2)}`);
    k = staticK;
  }
  if (staticV === null) {
    v = v.view(v.shape[0], bsz * numHeads, headDim).transpose(0, 1);
  } else {
    if (staticV.size(0) !== bsz * numHeads) throw new AssertionError(`expecting static_v.size(0) of ${bsz * numHeads}, but got ${staticV.size(0)}`);
    if (staticV.size(2) !== headDim) throw new AssertionError(`expecting static_v.size(2) of ${headDim}, but got ${staticV.size(2)}`);
    v = staticV;
  }
  if (a.add_zero_attn) {
    const zeroShape = [bsz * numHeads, 1, headDim];
    k = T.cat([k, T.zeros(zeroShape, { dtype: k.dtype, device: k.device })], { dim: 1 });
    v = T.cat([v, T.zeros(zeroShape, { dtype: v.dtype, device: v.device })], { dim: 1 });
    if (attnMask !== null) attnMask = padLast(attnMask);
    if (kpm !== null) kpm = padLast(kpm);
  }
  srcLen = k.size(1);
  if (kpm !== null) {
    if (kpm.shape[0] !== bsz) throw new AssertionError(`Expected key_padded_mask.shape[0] to be ${bsz}, but got ${kpm.shape[0]}`);
    if (kpm.shape[1] !== srcLen) throw new AssertionError(`Expected key_padded_mask.shape[1] to be ${srcLen}, but got ${kpm.shape[1]}`);
    kpm = kpm.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
    attnMask = attnMask === null ? kpm : attnMask.add(kpm);
  }
  if (!a.training) dropoutP = 0.0;
  if (a.need_weights) {
    const E = q.shape[2];
    const qScaled = q.mul(Math.sqrt(1.0 / E));
    if (isCausal && attnMask === null) throw new AssertionError('FIXME: is_causal not implemented for need_weights');
    let weights = attnMask !== null ? T.baddbmm(attnMask, qScaled, k.transpose(-2, -1)) : T.bmm(qScaled, k.transpose(-2, -1));
    weights = softmax(weights, { dim: -1 });
    if (dropoutP > 0.0) weights = dropout(weights, { p: dropoutP });
    let out = T.bmm(weights, v);
    out = out.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
    out = linear(out, a.out_proj_weight, a.out_proj_bias);
    out = out.view(tgtLen, bsz, out.size(1));
    weights = weights.view(bsz, numHeads, tgtLen, srcLen);
    if (a.average_attn_weights) weights = weights.mean({ dim: 1 });
    if (!isBatched) {
      out = out.squeeze(1);
      weights = weights.squeeze(0);
    }
    return [out, weights];
  }
  if (attnMask !== null) {
    attnMask = attnMask.size(0) === 1 && attnMask.dim() === 3 ? attnMask.unsqueeze(0) : attnMask.view(bsz, numHeads, -1, srcLen);
  }
  q = q.view(bsz, numHeads, tgtLen, headDim);
  k = k.view(bsz, numHeads, srcLen, headDim);
  v = v.view(bsz, numHeads, srcLen, headDim);
  let out = call(NN.scaled_dot_product_attention, q, k, v, attnMask, dropoutP, isCausal);
  out = out.permute(2, 0, 1, 3).contiguous().view(bsz * tgtLen, embedDim);
  out = linear(out, a.out_proj_weight, a.out_proj_bias);
  out = out.view(tgtLen, bsz, out.size(1));
  if (!isBatched) out = out.squeeze(1);
  return [out, null];
}
