// Every visible string comes from a message file (i18n/zh-CN.json, i18n/en.json); zh-CN is the default,
// English the switch, remembered in localStorage. Elements carry their key (data-i18n) and parameters
// (data-i18n-params), so switching language re-renders everything already on screen. Dates and times are
// always shown in China Standard Time, whatever zone the browser runs in.

export const LOCALES = ['zh-CN', 'en'];
export const DEFAULT_LOCALE = 'zh-CN';
export const TIME_ZONE = 'Asia/Shanghai';
const STORAGE_KEY = 'ruralconsult.locale';

let current = DEFAULT_LOCALE;
let messages = {};
const listeners = [];

/** The stored choice, else zh-CN. */
export function storedLocale() {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LOCALES.includes(stored) ? stored : DEFAULT_LOCALE;
}

export function locale() {
  return current;
}

/** Loads a locale's messages, remembers the choice and re-renders every labelled element. */
export async function setLocale(next) {
  const res = await fetch(`i18n/${next}.json`);
  if (!res.ok) throw new Error(`no messages for ${next}`);
  messages = await res.json();
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  apply(document);
  listeners.forEach((l) => l(next));
}

/** Called after every language switch (for what is drawn rather than labelled). */
export function onLocaleChange(listener) {
  listeners.push(listener);
}

/**
 * The message for a key with {name} placeholders filled. A parameter may itself be {key, params} (a
 * message, e.g. a status), {instant} (a time) or a list of these, rendered in the current language.
 */
export function t(key, params = {}) {
  const template = messages[key];
  if (template === undefined) {
    console.warn('missing message', key);
    return key;
  }
  return template.replace(/\{(\w+)\}/g, (_, name) => render(params[name]));
}

function render(value) {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(render).join(t('list.separator'));
  if (typeof value === 'object' && value.key) return t(value.key, value.params);
  if (typeof value === 'object' && value.instant) return formatTime(value.instant);
  return String(value);
}

/** Sets an element's text from a message and keeps the key, so a language switch re-renders it. */
export function label(element, key, params) {
  element.dataset.i18n = key;
  if (params) element.dataset.i18nParams = JSON.stringify(params);
  else delete element.dataset.i18nParams;
  element.textContent = t(key, params);
  return element;
}

/** Re-renders every element under root that names a message: text, placeholder, aria-label. */
export function apply(root) {
  document.documentElement.lang = current;
  document.title = t('app.title');
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n, el.dataset.i18nParams ? JSON.parse(el.dataset.i18nParams) : {});
  });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  });
  root.querySelectorAll('[data-i18n-aria-label]').forEach((el) => {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  });
}

/** Hours and minutes (and seconds) in China Standard Time, in the current language's style. */
export function formatTime(instant) {
  return new Intl.DateTimeFormat(current, {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(instant));
}

/** Date and time in China Standard Time. */
export function formatDateTime(instant) {
  return new Intl.DateTimeFormat(current, {
    timeZone: TIME_ZONE,
    dateStyle: 'medium',
    timeStyle: 'short',
    hour12: false,
  }).format(new Date(instant));
}

/** Whole years between a birth date (YYYY-MM-DD) and today in China. */
export function ageInYears(birthDate, now = new Date()) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now); // YYYY-MM-DD
  const [y, m, d] = today.split('-').map(Number);
  const [by, bm, bd] = birthDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
