import type { CatalogResource, PuppetCatalog } from './puppet';

/** A configuration file a catalog would write, rendered without applying the catalog. */
export interface CatalogFile {
  /** The absolute path on the node. */
  readonly path: string;
  /** The file content as Puppet would write it. */
  readonly content: string;
  /** The module's own validation command (`%` stands for the file), when it declares one. */
  readonly validateCmd?: string;
  /** `file` for a File resource with content, `concat` for a concat target assembled from fragments. */
  readonly source: 'file' | 'concat';
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every file with content that a compiled catalog would write: File resources with
 * `content`, and concat targets assembled from their fragments in puppetlabs-concat's default
 * (`alpha`) order, fragment `order` first, then title.
 */
export function catalogFiles(catalog: PuppetCatalog): Map<string, CatalogFile> {
  const files = new Map<string, CatalogFile>();
  const concatTargets = new Map<string, { resource: CatalogResource; fragments: CatalogResource[] }>();
  for (const r of catalog.resources) {
    const p = r.parameters ?? {};
    const path = String(p.path ?? r.title);
    if (r.type === 'File' && typeof p.content === 'string') {
      files.set(path, { path, content: p.content, source: 'file', validateCmd: p.validate_cmd as string | undefined });
    } else if (r.type === 'Concat_file') {
      concatTargets.set(path, { resource: r, fragments: [] });
    }
  }
  for (const r of catalog.resources) {
    if (r.type !== 'Concat_fragment') continue;
    const target = String(r.parameters?.target ?? '');
    const entry = concatTargets.get(target) ?? [...concatTargets.values()].find((t) => t.resource.title === target);
    if (entry) entry.fragments.push(r);
  }
  for (const [path, { resource, fragments }] of concatTargets) {
    fragments.sort((a, b) => byteOrder(String(a.parameters?.order ?? '10'), String(b.parameters?.order ?? '10')) || byteOrder(a.title, b.title));
    files.set(path, {
      path,
      content: fragments.map((f) => String(f.parameters?.content ?? '')).join(''),
      source: 'concat',
      validateCmd: resource.parameters?.validate_cmd as string | undefined,
    });
  }
  return files;
}

/** The content of one file the catalog writes; throws, listing what exists, when there is none. */
export function catalogFile(catalog: PuppetCatalog, path: string): CatalogFile {
  const files = catalogFiles(catalog);
  const file = files.get(path);
  if (!file) throw new Error(`the catalog writes no ${path}; it writes: ${[...files.keys()].sort().join(', ')}`);
  return file;
}
