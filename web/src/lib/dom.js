// A tiny DOM builder. Everything the app shows is built with these helpers,
// never with innerHTML, so text from the server (names, notes, reasons) can
// never become markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

function setProps(el, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (key === 'value' || key === 'checked') {
      el[key] = value;  // the live property, not just the initial attribute
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

// h('button', {class: 'primary', onclick}, 'Save') builds an HTML element.
// props may be left out: h('p', 'text').
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  setProps(el, props);
  append(el, children);
  return el;
}

// s('circle', {cx: 4, cy: 4, r: 2}) builds an SVG element.
export function s(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setProps(el, props);
  append(el, children);
  return el;
}

// Appends children to `el`; null, undefined and false are skipped (unlike
// the DOM's own append, which would write "null").
export function add(el, ...children) {
  append(el, children);
  return el;
}

// Replaces the contents of `el` (the same skipping applies).
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A person's own words (a name, a goal, a note) inside the app's sentence:
// <bdi> takes its direction from the text itself, so a name in Arabic or
// Hebrew neither reverses the words around it nor is reversed by them.
// Whole blocks of a person's text get dir="auto" instead.
export function bidi(text) {
  return h('bdi', text);
}

let idCounter = 0;
// A unique id for label/aria wiring.
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// Reads the user's wish for less motion (timers and transitions honour it).
export function reducedMotion() {
  return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

// Polite announcement for screen readers (status messages that appear without focus moving).
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A new text node after a tick makes screen readers read it again, even if unchanged.
  setTimeout(() => { region.textContent = text; }, 50);
}
