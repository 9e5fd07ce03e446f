// Empties an element that showed a message, so a language switch (which re-renders every element
// naming a message) does not bring the old text back.
export function unlabel(element) {
  element.replaceChildren();
  delete element.dataset.i18n;
  delete element.dataset.i18nParams;
}
