import { describe, expect, it } from 'vitest';
import { App, Lazy, TerraformLocal, TerraformStack, TerraformVariable } from '../../lib/core/cdk';
import { Secret } from '../../lib/core/secret';
import { synthesizeToJson } from '../../lib/core/synth-json';
import {
  base64JsonExpression,
  base64TextExpression,
  compareUtf8,
  escapeTerraformTemplate,
  substituteTerraformExpressions,
  terraformJsonEncode,
  terraformStringLiteral,
  unescapeTerraformTemplate,
} from '../../lib/documents/terraform-template';

/** A deterministic stream of awkward strings for round-trip checks. */
function* awkwardStrings(count: number): Generator<string> {
  const pieces = ['$', '%', '{', '}', '${', '%{', '$${', '%%{', '$$', '%%', '~', 'a', ' ', '\n', '"', '\\', 'é', '😀'];
  let x = 42;
  for (let n = 0; n < count; n++) {
    let text = '';
    const length = n % 12;
    for (let i = 0; i < length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      text += pieces[x % pieces.length];
    }
    yield text;
  }
}

describe('escapeTerraformTemplate', () => {
  it.each([
    ['an interpolation', '${var.x}', '$${var.x}'],
    ['a directive', '%{if x}', '%%{if x}'],
    ['hiera interpolation', 'ip: "%{facts.networking.ip}"', 'ip: "%%{facts.networking.ip}"'],
    ['shell variables', 'echo ${HOME} $USER', 'echo $${HOME} $USER'],
    ['text that already looks escaped', '$${x}', '$$${x}'],
    ['a directive that already looks escaped', '%%{x}', '%%%{x}'],
    ['many dollars', '$$$${x}', '$$$$${x}'],
    ['a trailing dollar', 'cost: 5$', 'cost: 5$'],
    ['a trailing percent', '100%', '100%'],
    ['double dollars', 'pid $$', 'pid $$'],
    ['a dollar before a percent directive', '$%{x}', '$%%{x}'],
    ['a percent before an interpolation', '%${x}', '%$${x}'],
    ['strip markers', '${~x~} %{~y}', '$${~x~} %%{~y}'],
    ['an unclosed interpolation', 'a ${', 'a $${'],
    ['quotes, backslashes and unicode untouched', '"\\n" é 😀', '"\\n" é 😀'],
    ['nothing special', 'plain text', 'plain text'],
    ['the empty string', '', ''],
  ])('escapes %s', (_title, text, escaped) => {
    expect(escapeTerraformTemplate(text)).toBe(escaped);
    expect(unescapeTerraformTemplate(escaped)).toBe(text);
  });

  it('round-trips any mix of template characters', () => {
    for (const text of awkwardStrings(3000)) {
      expect(unescapeTerraformTemplate(escapeTerraformTemplate(text))).toBe(text);
    }
  });

  it('leaves no interpolation or directive in its output', () => {
    for (const text of awkwardStrings(3000)) {
      const escaped = escapeTerraformTemplate(text);
      // every `${` or `%{` of the output is the tail of an escape `$${` / `%%{`
      for (const match of escaped.matchAll(/[$%]\{/g)) {
        expect(escaped[(match.index as number) - 1], `in ${JSON.stringify(escaped)}`).toBe(match[0][0]);
      }
    }
  });
});

describe('unescapeTerraformTemplate', () => {
  it.each([
    ['an interpolation', 'a ${x}', /interpolation at offset 2/],
    ['a directive', '%{if x}', /directive at offset 0/],
  ])('refuses a template with %s', (_title, template, message) => {
    expect(() => unescapeTerraformTemplate(template)).toThrow(message);
  });
});

describe('substituteTerraformExpressions', () => {
  it('replaces each marker by its interpolation', () => {
    const out = substituteTerraformExpressions(
      'a: "@@m0@@"\nb: "@@m1@@"\n',
      new Map([
        ['@@m0@@', '${var.a}'],
        ['@@m1@@', '${var.b}'],
      ]),
    );
    expect(out).toBe('a: "${var.a}"\nb: "${var.b}"\n');
  });

  it('writes a dollar just before an interpolation as ${"$"}, so it cannot form $${', () => {
    const out = substituteTerraformExpressions('price $@@m@@', new Map([['@@m@@', '${var.a}']]));
    expect(out).toBe('price ${"$"}${var.a}');
  });

  it.each([
    ['a missing marker', 'no marker', new Map([['@@m@@', '${x}']]), /exactly once/],
    ['a repeated marker', '@@m@@ @@m@@', new Map([['@@m@@', '${x}']]), /exactly once/],
    ['a marker holding a brace', '{m}', new Map([['{m}', '${x}']]), /template character/],
    ['an expression that is no interpolation', '@@m@@', new Map([['@@m@@', 'var.x']]), /not an interpolation/],
  ])('refuses %s', (_title, template, substitutions, message) => {
    expect(() => substituteTerraformExpressions(template, substitutions)).toThrow(message);
  });
});

describe('terraformStringLiteral', () => {
  it.each([
    ['plain text', 'abc', '"abc"'],
    ['quotes and backslashes', 'a "b" \\c', '"a \\"b\\" \\\\c"'],
    ['line breaks and tabs', 'a\nb\r\tc', '"a\\nb\\r\\tc"'],
    ['template and brace characters', '${x} %{y}', '"\\u0024\\u007bx\\u007d \\u0025\\u007by\\u007d"'],
    ['control characters', '\u0000\u0001\u007f', '"\\u0000\\u0001\\u007f"'],
    ['unicode, unescaped', 'é😀', '"é😀"'],
  ])('writes %s', (_title, text, literal) => {
    expect(terraformStringLiteral(text)).toBe(literal);
  });

  it('never contains a raw $, %, { or } inside the quotes', () => {
    for (const text of awkwardStrings(500)) {
      expect(terraformStringLiteral(text).slice(1, -1)).not.toMatch(/[$%{}]/);
    }
  });
});

describe('terraformJsonEncode', () => {
  it('writes compact JSON with keys in UTF-8 byte order', () => {
    // U+FFFF sorts before U+1F600 by UTF-8 bytes, after it by UTF-16 code units
    expect(terraformJsonEncode({ '😀': '2', '\uffff': '1', b: 'x', B: 'y' })).toBe(
      '{"B":"y","b":"x","\uffff":"1","😀":"2"}',
    );
    expect(compareUtf8('\uffff', '😀')).toBeLessThan(0);
  });

  it.each([
    ['quotes and backslashes', 'a"b\\c', '"a\\"b\\\\c"'],
    ['HTML-sensitive characters', '<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    ['line and paragraph separators', '\u2028\u2029', '"\\u2028\\u2029"'],
    ['control characters', '\n\r\t\b\f\u0001', '"\\n\\r\\t\\b\\f\\u0001"'],
    ['DEL and unicode, raw', '\u007fé😀', '"\u007fé😀"'],
    ['template characters, raw', '${x} %{y}', '"${x} %{y}"'],
  ])('escapes %s as Go does', (_title, value, json) => {
    expect(terraformJsonEncode({ k: value })).toBe(`{"k":${json}}`);
  });

  it('normalizes keys and values to NFC, as Terraform does', () => {
    expect(terraformJsonEncode({ 'e\u0301': 'A\u030a' })).toBe('{"é":"Å"}');
  });
});

describe('secret expressions resolved by cdktf', () => {
  function stackWithSecret() {
    const stack = new TerraformStack(new App(), 'expressions');
    const variable = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
    const local = new TerraformLocal(stack, 'cookie', variable.stringValue);
    return {
      stack,
      password: Secret.fromToken('db-password', variable.stringValue),
      cookie: Secret.fromToken('rabbit-cookie', local.asString),
    };
  }

  it('builds the JSON expression with bare references inside the interpolation', () => {
    // GIVEN
    const { stack, password, cookie } = stackWithSecret();
    // WHEN: the expression is placed after an unclosed escaped `${` of document text
    new TerraformLocal(
      stack,
      'doc',
      'echo $${ unclosed ' + base64JsonExpression({ 'pass}word': password, cookie, note: 'a${b}' }),
    );
    const json = synthesizeToJson(stack);
    // THEN
    expect(json.locals.doc).toBe(
      'echo $${ unclosed ${base64encode(jsonencode({"cookie" = local.cookie, "note" = "a\\u0024\\u007bb\\u007d", ' +
        '"pass\\u007dword" = var.db_password}))}',
    );
  });

  it('builds the text expression with the literal parts quoted and the secrets bare', () => {
    const { stack, password } = stackWithSecret();
    new TerraformLocal(stack, 'doc', base64TextExpression(['[client]\npassword=', password, '\n}', '']));
    expect(synthesizeToJson(stack).locals.doc).toBe(
      '${base64encode(join("", ["[client]\\npassword=", var.db_password, "\\n\\u007d"]))}',
    );
  });

  it('resolves the same way when the document is produced lazily', () => {
    const { stack, password } = stackWithSecret();
    new TerraformLocal(
      stack,
      'doc',
      Lazy.stringValue({ produce: () => '$${x} } ' + base64TextExpression([password]) }),
    );
    expect(synthesizeToJson(stack).locals.doc).toBe('$${x} } ${base64encode(join("", [var.db_password]))}');
  });
});
