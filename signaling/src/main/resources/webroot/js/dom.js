// Small DOM helpers shared by the screens.
import { label, t } from './i18n.js';

export const $ = (id) => document.getElementById(id);

/** A new element; text given as [key, params] is a message, a plain string is data (a name, a code). */
export function el(tag, { text, data, attrs = {} } = {}) {
  const element = document.createElement(tag);
  if (text) label(element, text[0], text[1]);
  if (data !== undefined) {
    element.textContent = data;
    element.dataset.value = '';
  }
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  return element;
}

/** A short notice at the top of the console (8 s), from a message. */
export function toast(key, params) {
  const div = el('div', { text: [key, params] });
  $('toasts').prepend(div);
  setTimeout(() => div.remove(), 8000);
}

/** A refused request as a person can read it: a known code has its own message, else code and text. */
export function toastError(error) {
  const key = 'error.' + error.code;
  if (error.code && t(key) !== key) toast(key);
  else toast('error.generic', { code: error.code || 'error', message: error.message || '' });
}

/** The fields of a form as JSON (numbers for number inputs, blanks left out). */
export function formJson(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (v === '') continue;
    out[k] = form.elements[k].type === 'number' ? Number(v) : v;
  }
  return out;
}

/** Runs an action; a refusal becomes a notice (and is rethrown for the caller's chain). */
export async function guarded(action) {
  try {
    return await action();
  } catch (e) {
    toastError(e);
    throw e;
  }
}
