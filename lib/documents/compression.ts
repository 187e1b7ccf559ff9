/**
 * Deterministic gzip for files shipped inside cloud-init user-data.
 *
 * The same input must give the same bytes on every synth, or every plan would show a
 * user-data change. Node's gzip already writes a zero modification time; this module also
 * pins the compression level, the memory level, the strategy and the header's OS byte.
 *
 * The compressed bytes are those of the zlib build that ships with Node. They are stable for
 * a given Node release; a Node upgrade that changes its zlib may change them (the files
 * decompress to the same content either way).
 *
 * @module
 */
import { constants, gzipSync } from 'node:zlib';

/** The gzip header's OS byte this module writes: 255, "unknown", so no build machine shows through. */
export const GZIP_OS_UNKNOWN = 0xff;

/** Offset of the OS byte in a gzip header (RFC 1952, section 2.3). */
const GZIP_OS_BYTE_OFFSET = 9;
/** Offset and length of the modification time in a gzip header. */
const GZIP_MTIME_OFFSET = 4;
const GZIP_MTIME_LENGTH = 4;

/**
 * Gzips bytes deterministically: level 9, memory level 8, default strategy, zero
 * modification time, OS byte 255.
 *
 * @param data - the bytes to compress
 * @returns a complete gzip member (header, deflate stream, CRC-32 and size)
 */
export function gzipDeterministic(data: Uint8Array): Buffer {
  const gz = gzipSync(data, {
    level: constants.Z_BEST_COMPRESSION,
    memLevel: 8,
    windowBits: 15,
    strategy: constants.Z_DEFAULT_STRATEGY,
  });
  gz.fill(0, GZIP_MTIME_OFFSET, GZIP_MTIME_OFFSET + GZIP_MTIME_LENGTH);
  gz[GZIP_OS_BYTE_OFFSET] = GZIP_OS_UNKNOWN;
  return gz;
}

/**
 * Gzips bytes deterministically and encodes the result in standard, padded base64: the form
 * cloud-init's `write_files` reads with `encoding: gz+b64`.
 */
export function gzipBase64(data: Uint8Array): string {
  return gzipDeterministic(data).toString('base64');
}

/** The length of the standard, padded base64 encoding of `byteLength` bytes. */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}
