// torch.nn.functional: distance functions (LibTorch builtins in Python too; their signatures are the op schema's).
import * as T from '../../generated/torch_functions';

/** pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): the p-norm distance of each pair of rows. */
export const pairwise_distance = T.pairwise_distance;
/** pdist(input, p=2): the p-norm distance between every pair of rows of a 2-d input (upper triangle, flat). */
export const pdist = T.pdist;
/** cosine_similarity(x1, x2, dim=1, eps=1e-8): x1 . x2 / max(||x1|| ||x2||, eps) along dim. */
export const cosine_similarity = T.cosine_similarity;
