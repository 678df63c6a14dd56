// PNG encoding of 8-bit grey, RGB and RGBA images with Node's zlib (what add_image, add_images and the embedding
// sprite need; PIL writes the same pixels, its compressed bytes may differ).
import * as zlib from 'zlib';

import { native } from '../../native/binding';

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  const t = new Uint8Array([type.charCodeAt(0), type.charCodeAt(1), type.charCodeAt(2), type.charCodeAt(3)]);
  out.set(t, 4);
  out.set(data, 8);
  dv.setUint32(8 + data.length, native.crc32(data, native.crc32(t)) >>> 0);
  return out;
}

/** PNG bytes of an 8-bit image in HWC order with 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels. */
export function encodePng(pixels: Uint8Array, height: number, width: number, channels: number): Uint8Array {
  const colorType = ({ 1: 0, 2: 4, 3: 2, 4: 6 } as Record<number, number>)[channels];
  if (colorType === undefined) throw new RangeError(`PNG images have 1 to 4 channels, not ${channels}`);
  if (pixels.length !== height * width * channels) throw new RangeError('encodePng: the pixel count does not match the shape');
  const header = new Uint8Array(13);
  const dv = new DataView(header.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = colorType;
  // compression 0, filter method 0, no interlace
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    // filter type 1 (Sub) per row: smaller than none for smooth images, and simple
    const o = y * (stride + 1);
    raw[o] = 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[row + x - channels] : 0;
      raw[o + 1 + x] = (pixels[row + x] - left) & 0xff;
    }
  }
  const idat = zlib.deflateSync(raw);
  const sig = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [sig, chunk('IHDR', header), chunk('IDAT', new Uint8Array(idat.buffer, idat.byteOffset, idat.length)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
