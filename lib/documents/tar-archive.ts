/**
 * A minimal, deterministic tar (POSIX ustar) writer.
 *
 * The Puppet module travels to every node inside its user-data, which Nova limits to
 * 65,535 bytes of base64. One gzip stream over the whole module compresses several times
 * better than each file compressed alone, so the module is shipped as one `.tar.gz` that
 * the node unpacks with `tar -xzf` before the Puppet run. The archive is byte-identical
 * from run to run: entries sorted by path, owner root, modification time 0.
 *
 * @module
 */
import { gzipDeterministic } from './compression';

/** One file of an archive. */
export interface TarEntry {
  /** The path inside the archive, relative (`etc/openstack-ha/puppet/site.pp`). */
  readonly path: string;
  /** The file content. */
  readonly content: string | Uint8Array;
  /** The mode as octal digits, for example `0644`. */
  readonly mode: string;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function writeString(buffer: Buffer, offset: number, width: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > width) throw new Error(`tar field too long (${bytes.length} > ${width}): ${text}`);
  bytes.copy(buffer, offset);
}

function header(path: string, size: number, mode: string, type: '0' | '5'): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new Error(`path too long for ustar: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  writeString(h, 0, 100, name);
  writeString(h, 100, 8, octal(parseInt(mode, 8), 8));
  writeString(h, 108, 8, octal(0, 8)); // uid root
  writeString(h, 116, 8, octal(0, 8)); // gid root
  writeString(h, 124, 12, octal(size, 12));
  writeString(h, 136, 12, octal(0, 12)); // mtime 0: reproducible
  h.fill(0x20, 148, 156); // checksum is computed with this field as spaces
  writeString(h, 156, 1, type);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 265, 32, 'root');
  writeString(h, 297, 32, 'root');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

/**
 * Builds an uncompressed tar archive: one directory entry for every parent folder, then the
 * files, all sorted by path.
 */
export function tarArchive(entries: readonly TarEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const dirs = new Set<string>();
  for (const e of sorted) {
    if (e.path.startsWith('/') || e.path.split('/').includes('..')) throw new Error(`unsafe archive path: ${e.path}`);
    const parts = e.path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  const chunks: Buffer[] = [];
  for (const dir of [...dirs].sort()) chunks.push(header(dir, 0, '0755', '5'));
  for (const e of sorted) {
    const data = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : Buffer.from(e.content);
    chunks.push(header(e.path, data.length, e.mode, '0'), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) chunks.push(Buffer.alloc(pad, 0));
  }
  chunks.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(chunks);
}

/** Builds a deterministic `.tar.gz` of the entries. */
export function tarGzArchive(entries: readonly TarEntry[]): Buffer {
  return Buffer.from(gzipDeterministic(tarArchive(entries)));
}
