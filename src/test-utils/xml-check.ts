/**
 * A small XML well-formedness check for exported SVG (no XML parser is a dependency):
 * one root element, tags balanced and properly nested, attributes quoted and unique, only
 * the five predefined entities and character references, no `<` or bare `&` in text or
 * attribute values, no character XML 1.0 forbids. Returns the elements with their
 * attributes and direct text (entities decoded), in document order.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
  parent: number;
}

const NAME = '[A-Za-z_:][-A-Za-z0-9_.:]*';
const ENTITY_RE = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`'<' in ${where}`);
  if (/&/.test(s.replace(ENTITY_RE, ''))) throw new Error(`bare '&' in ${where}: ${s.slice(0, 60)}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(s)) throw new Error(`forbidden character in ${where}`);
  return s.replace(ENTITY_RE, (e) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[e]) return named[e];
    const code = e[2] === 'x' ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10);
    return String.fromCodePoint(code);
  });
}

export function checkXml(doc: string): XmlElement[] {
  let s = doc.replace(/^<\?xml[^?]*\?>\s*/, '');
  const out: XmlElement[] = [];
  const stack: number[] = [];
  let roots = 0;
  const tagRe = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  while (s.length > 0) {
    const lt = s.indexOf('<');
    const text = lt < 0 ? s : s.slice(0, lt);
    if (text !== '') {
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error('text outside the root element');
      } else out[stack[stack.length - 1]].text += decode(text, 'text');
    }
    if (lt < 0) break;
    s = s.slice(lt);
    if (s.startsWith('<!--')) {
      const end = s.indexOf('-->');
      if (end < 0) throw new Error('unclosed comment');
      s = s.slice(end + 3);
      continue;
    }
    const m = tagRe.exec(s);
    if (!m) throw new Error(`malformed tag: ${s.slice(0, 80)}`);
    const [whole, close, name, attrText, selfClose] = m;
    s = s.slice(whole.length);
    if (close) {
      if (attrText.trim() !== '' || selfClose) throw new Error(`malformed end tag </${name}>`);
      const open = stack.pop();
      if (open === undefined || out[open].name !== name) throw new Error(`</${name}> does not close ${open === undefined ? 'anything' : `<${out[open].name}>`}`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g'))) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2] ?? a[3] ?? '', `attribute ${a[1]}`);
    }
    if (stack.length === 0 && ++roots > 1) throw new Error('more than one root element');
    out.push({ name, attrs, text: '', parent: stack.length > 0 ? stack[stack.length - 1] : -1 });
    if (!selfClose) stack.push(out.length - 1);
  }
  if (stack.length > 0) throw new Error(`unclosed <${out[stack[stack.length - 1]].name}>`);
  if (roots !== 1) throw new Error('no root element');
  return out;
}
