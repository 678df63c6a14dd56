// The value shapes that cross the native boundary for generated ops (see native/common/op_support.h).

/** What generated code passes to a native op: handles, numbers, bigints, booleans, strings, lists, or null/undefined (None / default). */
export type NativeArg =
  | number
  | bigint
  | boolean
  | string
  | null
  | undefined
  | readonly (number | bigint | boolean | null)[];

/** What a native op returns: a handle, several handles, a number, a boolean, a complex pair, nothing, or null for
 *  "the input tensor itself" (ops like to() and contiguous() that may return their input). */
export type NativeResult = number | boolean | number[] | null | undefined;
