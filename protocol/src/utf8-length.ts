/**
 * The length of `text` in UTF-8 bytes, counted as `Buffer.byteLength` and `TextEncoder`
 * count it (a lone surrogate is written as U+FFFD, three bytes), without encoding it:
 * this package runs in the browser too, which has no `Buffer`. Stops counting once past
 * `stopAbove`, so a limit check on a huge string costs no more than the limit. Pure.
 */
export function utf8ByteLength(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point beyond the BMP
      i++;
    } else bytes += 3;
  }
  return bytes;
}
