import { describe, expect, test } from 'vitest';
import { jsonForTerminal, textForTerminal } from './terminal-text';

/** What a terminal may act on: C0 but tab and line feed, DEL, C1, line and paragraph separators, bidi controls. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('text from a trace printed on a terminal', () => {
  test('JSON keeps its meaning and holds none of them raw', () => {
    const names = ['a\u009b2Jb', 'c\u007fd', 'e\u202ef', 'g\u2066h\u2069', 'i\u2028j', 'k\u001b[31ml', 'tcp_sendmsg', 'ünïcode ✓'];
    const doc = { names, nested: { [names[0]]: names[2] } };
    const json = jsonForTerminal(JSON.stringify(doc, null, 1));
    expect(json).not.toMatch(UNSAFE);
    expect(JSON.parse(json)).toEqual(doc);
    expect(json).toContain('"a\\u009b2Jb"');
    expect(json).toContain('"e\\u202ef"');
    // Other text is untouched, and JSON.stringify's own escapes too.
    expect(json).toContain('"ünïcode ✓"');
    expect(json).toContain('"k\\u001b[31ml"');
  });

  test('a message keeps its tabs and line breaks; every other control is written as \\u', () => {
    expect(textForTerminal('cli: warning: instance "x\u009b2J\u001b]0;pwn\u0007": lost\tevents\n')).toBe(
      'cli: warning: instance "x\\u009b2J\\u001b]0;pwn\\u0007": lost\tevents\n',
    );
    expect(textForTerminal('a\u202eb \u2069c')).toBe('a\\u202eb \\u2069c');
    expect(textForTerminal('plain … text')).toBe('plain … text');
  });
});
