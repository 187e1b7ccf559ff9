/**
 * The `yaml` package, loaded on first use.
 *
 * Only rendering a document needs it; a program that imports the library to build, validate
 * or inspect a stack does not pay for loading it (about 70 modules).
 *
 * @module
 */
import type * as YamlLibrary from 'yaml';

let loaded: typeof YamlLibrary | undefined;

/** The `yaml` package. */
export function yamlLibrary(): typeof YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('yaml') as typeof YamlLibrary;
  return loaded;
}
