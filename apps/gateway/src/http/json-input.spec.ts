import { checkJsonValue, checkString, InputRejected, parseJsonBody } from './json-input.js';

describe('JSON input checks', () => {
  it('accepts an ordinary object, with emoji (surrogate pairs) and nested arrays', () => {
    expect(parseJsonBody('{"name":"Äijä 🧹","tags":[["a"],{"b":1.5}],"n":-42}')).toEqual({
      name: 'Äijä 🧹',
      tags: [['a'], { b: 1.5 }],
      n: -42,
    });
  });

  it.each(['null', '[]', '[{"a":1}]', '42', '"text"', 'true'])('refuses the non-object body %s', (text) => {
    expect(() => parseJsonBody(text)).toThrow('The body must be a JSON object');
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseJsonBody('{"a":')).toThrow('The body is not valid JSON');
  });

  it.each([
    ['a lone high surrogate', '{"email":"a\\ud800@example.fi"}', 'unpaired surrogate'],
    ['a lone low surrogate', '{"email":"\\udc00"}', 'unpaired surrogate'],
    ['a reversed pair', '{"x":"\\udc00\\ud800"}', 'unpaired surrogate'],
    ['a lone surrogate in a key', '{"\\ud800":1}', 'unpaired surrogate'],
    ['NUL', '{"name":"a\\u0000b"}', 'NUL character'],
    ['NUL deep in an array', '{"a":[[["\\u0000"]]]}', 'NUL character'],
    ['an infinite number', '{"n":1e999}', 'out of range'],
    ['an unsafe integer', '{"n":9007199254740993}', 'out of range'],
    ['a prototype key', '{"__proto__":{"admin":true}}', 'forbidden key'],
    ['a constructor key', '{"a":{"constructor":{"prototype":{}}}}', 'forbidden key'],
  ])('refuses %s', (_what, text, message) => {
    expect(() => parseJsonBody(text)).toThrow(message);
  });

  it('refuses nesting beyond the limit without recursing', () => {
    const deep = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(() => parseJsonBody(deep)).toThrow('nested deeper than 16 levels');
    expect(() => checkJsonValue({ a: { b: { c: 1 } } }, 2)).toThrow(InputRejected);
    expect(() => checkJsonValue({ a: { b: { c: 1 } } }, 3)).not.toThrow();
  });

  it('never repeats the refused value in its message', () => {
    expect(() => checkString('secret\u0000@example.fi', 'The email')).toThrow(
      /^The email contains a NUL character$/,
    );
  });
});
