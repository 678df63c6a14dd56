// The error classes of serialization (public): a malformed, truncated or hostile file.

/** A file that is malformed, truncated or hostile at the level of its container (zip, safetensors header, records). */
export class SerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerializationError';
  }
}

/** A file URL (a WHATWG URL object such as `new URL('file:///ckpt.pt')`), accepted wherever a path is. */
export interface FileURL {
  readonly href: string;
  readonly protocol: string;
}

/** @internal a path from a string or a file URL */
export function pathOf(f: string | FileURL, fn: string): string {
  if (typeof f === 'string') return f;
  if (f !== null && typeof f === 'object' && typeof f.href === 'string') {
    if (f.protocol !== 'file:') throw new TypeError(`${fn}: only file: URLs are supported, got ${f.protocol}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('url') as typeof import('url')).fileURLToPath(f.href);
  }
  throw new TypeError(`${fn}: expected a file path`);
}
