/**
 * Reads a node's synthesized `user_data` back into the document text, for scans of the
 * Terraform JSON: `${base64gzip(join("", [<literal>, <expression>, ...]))}` becomes the
 * literals decoded and joined, with every expression replaced by {@link EXPRESSION_MARKER}.
 */
export const EXPRESSION_MARKER = '@@terraform-expression@@';

function decodeHclLiteral(literal: string): string {
  return JSON.parse(literal.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex) => `\\u${hex}`));
}

/** Splits the item list of `join("", [ ... ])` at its top-level commas. */
function splitItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      items.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  items.push(list.slice(start).trim());
  return items.filter((x) => x.length > 0);
}

/**
 * The document text of a gzip-delivered user_data, expressions masked. An item that names a
 * local of `locals` whose value is one string literal (`${"..."}`, the shared Puppet payload)
 * is read as that literal.
 */
export function documentOfUserData(userData: string, locals: { readonly [name: string]: unknown } = {}): string {
  const m = /^\$\{base64gzip\(join\("", \[([\s\S]*)\]\)\)\}$/.exec(userData);
  if (!m) throw new Error(`user_data is not a base64gzip(join(...)) expression: ${userData.slice(0, 80)}`);
  const literalOf = (item: string): string | undefined => {
    if (item.startsWith('"') && item.endsWith('"')) return decodeHclLiteral(item);
    const local = /^local\.(\w+)$/.exec(item);
    const value = local ? locals[local[1]] : undefined;
    const inner = typeof value === 'string' ? /^\$\{("[\s\S]*")\}$/.exec(value) : null;
    return inner && splitItems(inner[1]).length === 1 ? decodeHclLiteral(inner[1]) : undefined;
  };
  return splitItems(m[1])
    .map((item) => literalOf(item) ?? EXPRESSION_MARKER)
    .join('');
}
