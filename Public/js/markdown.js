// The lesson format (Markdown: headings, paragraphs, lists, emphasis, inline and fenced code,
// `$…$`/`$$…$$` formulas, images, links, pipe tables) rendered into DOM nodes. Every piece of
// lesson text becomes a text node; links and images keep only same-origin or http(s) URLs.
import { h } from './dom.js';

export function renderMarkdown(source) {
  const lines = String(source).replace(/\r\n?/g, '\n').split('\n');
  const out = document.createDocumentFragment();
  // The page's own h1 is the lesson title: the content's top heading level becomes h2, so levels
  // never skip (WCAG 1.3.1).
  const levels = lines.map((l) => (l.match(/^(#{1,6})\s/) || [])[1]).filter(Boolean).map((x) => x.length);
  const shift = 2 - (levels.length ? Math.min(...levels) : 1);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const fence = line.match(/^\s*```\s*([\w+-]*)/);
    if (fence) {
      const code = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
      i++;
      const codeEl = h('code', code.join('\n'));
      if (fence[1]) codeEl.dataset.lang = fence[1];
      out.append(h('pre', { tabindex: '0' }, codeEl));
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const level = Math.min(6, heading[1].length + shift);
      out.append(h(`h${level}`, inline(heading[2])));
      i++;
      continue;
    }
    if (/^\s*\$\$/.test(line)) {
      const math = [line.replace(/^\s*\$\$/, '')];
      let closed = /\$\$\s*$/.test(math[0]);
      i++;
      while (!closed && i < lines.length) { math.push(lines[i]); closed = /\$\$\s*$/.test(lines[i]); i++; }
      const tex = math.join('\n').replace(/\$\$\s*$/, '').trim();
      out.append(h('p.math-block', { role: 'math', 'aria-label': tex }, texNodes(tex)));
      continue;
    }
    const image = line.match(/^\s*!\[([^\]]*)\]\(([^)\s]+)\)\s*$/);
    if (image) {
      out.append(figure(image[1], image[2]));
      i++;
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1])) {
      const rows = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(lines[i++]);
      out.append(table(rows));
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quote = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) quote.push(lines[i++].replace(/^\s*>\s?/, ''));
      out.append(h('blockquote', renderMarkdown(quote.join('\n'))));
      continue;
    }
    const listMatch = line.match(/^\s*([-*+]|\d+\.)\s+/);
    if (listMatch) {
      const ordered = /\d/.test(listMatch[1]);
      const list = h(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*+]|\d+\.)\s+/.test(lines[i]) && /\d/.test(lines[i].trim()[0]) === ordered) {
        let text = lines[i++].replace(/^\s*([-*+]|\d+\.)\s+/, '');
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*+]|\d+\.)\s+/.test(lines[i])) text += ' ' + lines[i++].trim();
        list.append(h('li', inline(text)));
      }
      out.append(list);
      continue;
    }
    const para = [line.trim()];
    i++;
    while (i < lines.length && lines[i].trim() && !/^\s*(#{1,6}\s|```|\$\$|>|\||[-*+]\s|\d+\.\s|!\[)/.test(lines[i])) {
      para.push(lines[i++].trim());
    }
    out.append(h('p', inline(para.join(' '))));
  }
  return out;
}

/** A safe URL: same-origin path or http(s); anything else (javascript:, data:, //host) is dropped. */
export function safeUrl(url) {
  const value = String(url).trim();
  if (/^\/(?!\/)/.test(value) || /^#/.test(value)) return value;
  if (/^https?:\/\//i.test(value)) return value;
  return null;
}

function figure(alt, src) {
  const url = safeUrl(src);
  const caption = h('figcaption', alt);
  if (!url) return h('figure', caption);
  const img = h('img', { alt, src: url, loading: 'lazy', decoding: 'async' });
  // Missing diagrams leave their description, not a broken-image icon.
  img.addEventListener('error', () => img.remove());
  return h('figure', img, caption);
}

function table(rows) {
  const cells = (row) => row.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  const head = cells(rows[0]);
  const body = rows.slice(2).map(cells);
  return h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': 'Table' },
    h('table',
      h('thead', h('tr', head.map((c) => h('th', { scope: 'col' }, inline(c))))),
      h('tbody', body.map((r) => h('tr', r.map((c) => h('td', inline(c))))))));
}

const INLINE = /(`[^`]+`)|(\$[^$\n]+\$)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*)|(_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline spans as an array of nodes and strings; the caller appends them (strings as text). */
export function inline(text) {
  const nodes = [];
  let rest = String(text);
  while (rest) {
    const m = rest.match(INLINE);
    if (!m) { nodes.push(rest); break; }
    if (m.index > 0) nodes.push(rest.slice(0, m.index));
    const token = m[0];
    if (m[1]) nodes.push(h('code', token.slice(1, -1)));
    else if (m[2]) nodes.push(h('span.math', { role: 'math', 'aria-label': token.slice(1, -1) }, texNodes(token.slice(1, -1))));
    else if (m[3]) nodes.push(h('strong', inline(token.slice(2, -2))));
    else if (m[4] || m[5]) nodes.push(h('em', inline(token.slice(1, -1))));
    else {
      const link = token.match(/^\[([^\]]+)\]\(([^)\s]+)\)$/);
      const url = safeUrl(link[2]);
      nodes.push(url ? h('a', { href: url, rel: 'noopener noreferrer' }, inline(link[1])) : link[1]);
    }
    rest = rest.slice(m.index + token.length);
  }
  return nodes;
}

// A small TeX subset drawn with Unicode and <sup>/<sub>/fraction spans: enough for the lessons'
// formulas without a maths library. Unknown commands stay as written.
const SYMBOLS = {
  times: '×', div: '÷', cdot: '·', pm: '±', mp: '∓', le: '≤', leq: '≤', ge: '≥', geq: '≥', ne: '≠', neq: '≠',
  approx: '≈', equiv: '≡', infty: '∞', to: '→', rightarrow: '→', Rightarrow: '⇒', leftarrow: '←', sum: '∑', prod: '∏',
  int: '∫', partial: '∂', nabla: '∇', sqrt: '√', degree: '°', circ: '°', ldots: '…', dots: '…', cdots: '⋯', quad: ' ', qquad: '  ',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', theta: 'θ', lambda: 'λ', mu: 'μ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', phi: 'φ', varphi: 'φ', omega: 'ω', Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω', Pi: 'Π', Phi: 'Φ',
  Theta: 'Θ', Lambda: 'Λ', Gamma: 'Γ', in: '∈', cap: '∩', cup: '∪', neg: '¬', land: '∧', lor: '∨', mid: '∣', ',': ' ', ' ': ' ',
  left: '', right: '', displaystyle: '', '{': '{', '}': '}', '%': '%', '$': '$',
};

export function texNodes(tex) {
  let i = 0;
  const src = String(tex);
  function group() {
    // One argument: {…} or a single (command or) character.
    while (src[i] === ' ') i++;
    if (src[i] === '{') {
      i++;
      const nodes = parse('}');
      i++;
      return nodes;
    }
    if (src[i] === '\\') return parse(null, true);
    return src[i] === undefined ? [] : [src[i++]];
  }
  function parse(until, single = false) {
    const nodes = [];
    while (i < src.length && src[i] !== until) {
      const c = src[i];
      if (c === '\\') {
        const name = (src.slice(i + 1).match(/^([A-Za-z]+|.)/) || ['', ''])[1];
        i += 1 + name.length;
        if (name === 'frac') {
          const num = group(); const den = group();
          nodes.push(h('span.frac', h('span.num', num), h('span.visually-hidden', ' over '), h('span.den', den)));
        } else if (name === 'sqrt') {
          nodes.push('√', h('span.radicand', group()));
        } else if (name === 'text' || name === 'mathrm' || name === 'mathbf' || name === 'operatorname') {
          nodes.push(...group());
        } else if (name in SYMBOLS) {
          nodes.push(SYMBOLS[name]);
        } else {
          nodes.push(`\\${name}`);
        }
      } else if (c === '^' || c === '_') {
        i++;
        nodes.push(h(c === '^' ? 'sup' : 'sub', group()));
      } else if (c === '{') {
        i++;
        nodes.push(...parse('}'));
        i++;
      } else {
        nodes.push(c);
        i++;
      }
      if (single) break;
    }
    return nodes;
  }
  return parse(null);
}
