/**
 * Turning rendered documents into Terraform strings.
 *
 * Terraform reads every string of `cdk.tf.json` as a template: `${` starts an interpolation
 * and `%{` a directive. A document that holds hiera's `%{facts.networking.ip}` or a shell
 * `${VAR}` must therefore be escaped (`$${`, `%%{`) before it becomes an attribute, and the
 * secrets it carries must be inserted as interpolations that Terraform evaluates at apply
 * time. This module does both, exactly: what Terraform hands to the provider is byte for
 * byte the document rendered offline with each secret's value.
 *
 * Two facts about the tools shape the code:
 * - Terraform normalizes every string to Unicode NFC, so offline renderings normalize too.
 * - cdktf decides whether a token inside a string becomes `${ref}` or a bare `ref` by
 *   tracking `${` and `}` in the surrounding literal text. The expressions built here keep
 *   every literal string free of `$`, `%`, `{` and `}` (written as `\u0024`, `\u0025`,
 *   `\u007b`, `\u007d`), so that tracking always sees each secret inside its expression.
 *
 * @module
 */
import { Secret } from '../core/secret';

/**
 * Escapes text so that Terraform's template engine yields it unchanged.
 *
 * Every `${` becomes `$${` and every `%{` becomes `%%{`; nothing else changes. The round
 * trip is exact for any text, because Terraform reads `$${` as a literal `${` wherever it
 * appears, also after other dollars:
 * - `$${x}` in the text (already looking escaped) becomes `$$${x}`, read back as `$${x}`;
 * - `%%{x}` becomes `%%%{x}`, read back as `%%{x}`;
 * - `$$` and a lone or trailing `$` or `%` are left alone: Terraform keeps them literally.
 *
 * One case is not about the text alone: escaped text that ends with `$`, directly followed
 * by an interpolation, would form `$${` and turn the interpolation into literal text. Join
 * escaped text and interpolations with {@link substituteTerraformExpressions}, which guards
 * that joint.
 *
 * @param text - any text, for example a whole cloud-config document
 * @returns the text as a Terraform template literal
 */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
}

/**
 * What Terraform makes of a template that holds no interpolation or directive: the inverse
 * of {@link escapeTerraformTemplate}, following Terraform's reading of `$${` and `%%{`.
 *
 * @param template - a Terraform template without interpolations
 * @throws Error when the template holds an interpolation (`${`) or a directive (`%{`)
 */
export function unescapeTerraformTemplate(template: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if ((ch === '$' || ch === '%') && template[i + 1] === ch && template[i + 2] === '{') {
      out += `${ch}{`;
      i += 3;
    } else if ((ch === '$' || ch === '%') && template[i + 1] === '{') {
      throw new Error(
        `the template holds ${ch === '$' ? 'an interpolation' : 'a directive'} at offset ${i}: ${JSON.stringify(
          template.slice(i, i + 20),
        )}`,
      );
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/**
 * Inserts Terraform interpolations into escaped template text, in place of markers.
 *
 * Each marker must occur exactly once. When the text just before a marker ends with `$`,
 * that dollar is written as the interpolation `${"$"}`, since `$` followed by `${` would
 * read as the escape `$${`.
 *
 * @param escapedTemplate - text already escaped with {@link escapeTerraformTemplate}
 * @param substitutions - marker to interpolation (a string starting with `${`, which may hold
 *   cdktf tokens); markers must not contain `$`, `%`, `{` or `}`
 * @throws Error when a marker is missing or occurs more than once
 */
export function substituteTerraformExpressions(
  escapedTemplate: string,
  substitutions: ReadonlyMap<string, string>,
): string {
  let result = escapedTemplate;
  for (const [marker, expression] of substitutions) {
    if (/[$%{}]/.test(marker)) throw new Error(`marker ${JSON.stringify(marker)} holds a template character`);
    if (!expression.startsWith('${')) throw new Error(`expression for ${marker} is not an interpolation`);
    const at = result.indexOf(marker);
    if (at < 0 || result.indexOf(marker, at + marker.length) >= 0) {
      throw new Error(`marker ${JSON.stringify(marker)} must occur exactly once in the template`);
    }
    let before = result.slice(0, at);
    if (before.endsWith('$')) before = `${before.slice(0, -1)}\${"$"}`;
    result = before + expression + result.slice(at + marker.length);
  }
  return result;
}

/**
 * Writes text as an HCL quoted string literal, for use inside an interpolation.
 *
 * Quotes, backslashes and control characters are escaped, and so are `$`, `%`, `{` and `}`
 * (as `\u0024`, `\u0025`, `\u007b`, `\u007d`): the literal then holds no template sequence
 * for Terraform and no brace for cdktf's token placement to trip on.
 *
 * @example terraformStringLiteral('a "b" ${c}') // '"a \\"b\\" \\u0024\\u007bc\\u007d"'
 */
export function terraformStringLiteral(text: string): string {
  return `"${text.replace(HCL_LITERAL_ESCAPED, (ch) => HCL_LITERAL_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/** The characters {@link terraformStringLiteral} escapes. */
const HCL_LITERAL_ESCAPED = /["\\\n\r\t\u0000-\u001f\u007f$%{}]/g;
/** Their short escapes; every other one is written `\uXXXX`. */
const HCL_LITERAL_ESCAPES: { readonly [ch: string]: string } = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * The exact text Terraform's `jsonencode` produces for a flat object of strings.
 *
 * Terraform writes compact JSON with keys sorted by their UTF-8 bytes and Go's string
 * escaping: `<`, `>` and `&` as `\u003c`, `\u003e`, `\u0026`, U+2028 and U+2029 escaped,
 * other control characters as `\b`, `\f` or `\u00XX` (Terraform 1.9 and later), every
 * string normalized to NFC. The output is also valid YAML, so it serves as a YAML file.
 *
 * @param values - key to value; keys and values are normalized to NFC as Terraform does
 */
export function terraformJsonEncode(values: JsonStringTree): string {
  const entries = Object.entries(values).map(([k, v]) => [k.normalize('NFC'), v] as const);
  entries.sort(([a], [b]) => compareUtf8(a, b));
  const encode = (v: string | JsonStringTree): string =>
    typeof v === 'string' ? goJsonString(v.normalize('NFC')) : terraformJsonEncode(v);
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${encode(v)}`).join(',')}}`;
}

/** A JSON object whose leaves are strings: what a secret document holds once secrets are known. */
export interface JsonStringTree {
  readonly [key: string]: string | JsonStringTree;
}

/** Compares two strings by their UTF-8 bytes, the order Go (and so Terraform) sorts keys in. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const GO_JSON_ESCAPES: { readonly [ch: string]: string } = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    const escape = GO_JSON_ESCAPES[ch];
    if (escape !== undefined) out += escape;
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** One piece of a text that carries secrets: literal text, or a secret to insert. */
export type SecretTextPart = string | Secret;

/**
 * The interpolation that evaluates to the base64 of a text in which secrets are inserted:
 * `${base64encode(join("", ["literal", <secret>, ...]))}`.
 *
 * Base64 keeps the secret values, whatever characters they hold, out of the YAML syntax of
 * the document that contains the interpolation.
 *
 * @param parts - literal pieces and secrets, in order
 * @returns a string holding cdktf tokens, to be placed in a Terraform string
 */
export function base64TextExpression(parts: readonly SecretTextPart[]): string {
  const items = parts
    .filter((p) => typeof p !== 'string' || p.length > 0)
    .map((p) => (typeof p === 'string' ? terraformStringLiteral(p) : p.token));
  return `\${base64encode(join("", [${items.join(', ')}]))}`;
}

/**
 * The interpolation that evaluates to the base64 of a JSON object whose values are secrets
 * or literal strings: `${base64encode(jsonencode({"key" = <secret>, ...}))}`.
 *
 * Offline, {@link terraformJsonEncode} gives the same JSON text for the same values.
 *
 * @param values - key to secret or literal value
 * @returns a string holding cdktf tokens, to be placed in a Terraform string
 */
export function base64JsonExpression(values: SecretTree): string {
  return `\${base64encode(jsonencode(${terraformObjectExpression(values)}))}`;
}

/** A map of secrets and plain strings, possibly nested (a hash of passwords, for example). */
export interface SecretTree {
  readonly [key: string]: Secret | string | SecretTree;
}

function terraformObjectExpression(values: SecretTree): string {
  const keys = Object.keys(values).sort(compareUtf8);
  const items = keys.map((key) => {
    const value = values[key];
    const rendered =
      typeof value === 'string'
        ? terraformStringLiteral(value)
        : value instanceof Secret
          ? value.token
          : terraformNestedMapExpression(value);
    return `${terraformStringLiteral(key)} = ${rendered}`;
  });
  return `{${items.join(', ')}}`;
}

/**
 * A nested map as `zipmap([keys], [values])`. Braces are avoided on purpose: cdktf decides
 * whether a token inside a string is already within an interpolation by counting `{` and `}`,
 * and a nested object literal's closing brace would make it wrap the next secrets in `${}`.
 */
function terraformNestedMapExpression(values: SecretTree): string {
  const keys = Object.keys(values).sort(compareUtf8);
  const rendered = keys.map((key) => {
    const value = values[key];
    if (typeof value === 'string') return terraformStringLiteral(value);
    if (value instanceof Secret) return value.token;
    throw new Error(`secret documents nest one level only; ${key} holds another map`);
  });
  return `zipmap([${keys.map(terraformStringLiteral).join(', ')}], [${rendered.join(', ')}])`;
}
