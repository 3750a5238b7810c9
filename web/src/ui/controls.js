// Form controls shared by every page. Each is a real form element with a
// visible label (or a fieldset with a legend), so it works with the keyboard
// and is named for screen readers without extra ARIA.
import { h, uid, add } from '../lib/dom.js';

// A group of radio buttons drawn as large buttons. options: [[value, label], ...].
// onChange(value) fires when one is picked.
export function choiceGroup({ name, legend, hint, options, value, onChange, compact = false, required = false }) {
  const hintId = hint ? uid('hint') : null;
  const inputs = options.map(([v, label]) => {
    const id = uid(name);
    const input = h('input', {
      type: 'radio', id, name, value: String(v), checked: value !== undefined && value !== null && String(value) === String(v),
      required: required || null,
      onchange: () => onChange && onChange(typeof v === 'number' ? Number(input.value) : input.value),
    });
    return h('div', { class: 'choice' }, input, h('label', { for: id }, label));
  });
  return h('fieldset', { class: ['choices', compact && 'compact'], 'aria-describedby': hintId },
    h('legend', legend),
    hint && h('p', { class: 'hint', id: hintId }, hint),
    h('div', { class: 'choice-row' }, inputs));
}

export function yesNo({ name, legend, hint, value, onChange }) {
  return choiceGroup({
    name, legend, hint, value: value === undefined ? undefined : (value ? 'yes' : 'no'),
    options: [['yes', 'Yes'], ['no', 'No']],
    onChange: (v) => onChange(v === 'yes'),
  });
}

// A 0-10 scale: eleven buttons in a row, with the meaning of each end written out.
export function scale({ name, legend, hint, value, onChange, minLabel, maxLabel }) {
  const group = choiceGroup({
    name, legend, hint, value, compact: true,
    options: Array.from({ length: 11 }, (_, i) => [i, String(i)]),
    onChange,
  });
  group.classList.add('scale');
  add(group, h('div', { class: 'scale-ends', 'aria-hidden': 'true' },
    h('span', `0 ${minLabel}`), h('span', `10 ${maxLabel}`)));
  // The ends' meaning is also in each group's description for screen readers.
  const ends = h('p', { class: 'visually-hidden' }, `0 means ${minLabel}; 10 means ${maxLabel}.`);
  group.insertBefore(ends, group.querySelector('.choice-row'));
  return group;
}

// Tick boxes for a list. value: array of picked values.
export function checkboxGroup({ name, legend, hint, options, value = [], onChange }) {
  const picked = new Set(value);
  const boxes = options.map(([v, label]) => {
    const id = uid(name);
    const input = h('input', {
      type: 'checkbox', id, name, value: v, checked: picked.has(v),
      onchange: () => {
        if (input.checked) picked.add(v); else picked.delete(v);
        onChange([...picked]);
      },
    });
    return h('div', { class: 'choice' }, input, h('label', { for: id }, label));
  });
  return h('fieldset', { class: 'choices' }, h('legend', legend),
    hint && h('p', { class: 'hint' }, hint), h('div', { class: 'choice-row' }, boxes));
}

// Gives a field's wrapper `.setError(message)`: the message in plain words
// right under the label, where the eye and a screen reader (through
// aria-describedby and aria-invalid) find it; an empty message clears it.
function errorSlot(wrapper, input, hintId) {
  const id = uid('error');
  const slot = h('p', { class: 'field-error', id, hidden: true });
  wrapper.insertBefore(slot, input);
  wrapper.setError = (message) => {
    slot.replaceChildren();
    if (message) slot.append(h('span', { 'aria-hidden': 'true' }, '⚠ '), message);
    slot.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const described = [message ? id : null, hintId].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
  };
  return wrapper;
}

// A labelled text or number input. Returns the wrapper; the input is `.input`.
export function field({ label, hint, type = 'text', value = '', name, autocomplete, required, min, max, step, inputmode, onInput, maxlength }) {
  const id = uid(name || 'field');
  const hintId = hint ? uid('hint') : null;
  const input = h('input', {
    id, name, type, value, autocomplete, required, min, max, step, inputmode, maxlength,
    dir: type === 'text' ? 'auto' : null,  // what a person writes runs their way
    'aria-describedby': hintId,
    oninput: onInput ? () => onInput(input.value) : null,
  });
  const wrapper = h('div', { class: 'field' },
    h('label', { for: id }, label),
    hint && h('p', { class: 'hint', id: hintId }, hint),
    input);
  wrapper.input = input;
  return errorSlot(wrapper, input, hintId);
}

export function textArea({ label, hint, value = '', name, rows = 3, maxlength }) {
  const id = uid(name || 'text');
  const hintId = hint ? uid('hint') : null;
  const input = h('textarea', { id, name, rows, maxlength, dir: 'auto', 'aria-describedby': hintId }, value);
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label),
    hint && h('p', { class: 'hint', id: hintId }, hint), input);
  wrapper.input = input;
  return errorSlot(wrapper, input, hintId);
}

export function button(label, onClick, { kind = 'primary', type = 'button', ...rest } = {}) {
  return h('button', { type, class: ['button', kind], onclick: onClick, ...rest }, label);
}

export function link(label, href, { kind, ...rest } = {}) {
  return h('a', { href, class: kind ? ['button', kind] : null, ...rest }, label);
}
