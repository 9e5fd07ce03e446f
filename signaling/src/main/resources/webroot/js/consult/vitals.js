// Vitals checked before they are sent: each value a number within the range a measurement can have
// (the same ranges as the server's Vitals.validate, so a typo is caught here with its field named).

export const RANGES = {
  systolicMmHg: { min: 40, max: 300, integer: true },
  diastolicMmHg: { min: 20, max: 200, integer: true },
  heartRatePerMin: { min: 20, max: 250, integer: true },
  glucoseMmolPerL: { min: 0.5, max: 50, integer: false },
};

/**
 * The form's values as the call.vitals fields, or {error: {field, key}} for the first bad one. At least
 * one value is needed; blood pressure is both numbers, the diastolic below the systolic.
 */
export function readVitals(form) {
  const values = {};
  for (const [name, range] of Object.entries(RANGES)) {
    const raw = form.elements[name].value.trim();
    if (raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer && !Number.isInteger(value))) {
      return { error: { field: name, key: `consult.vitalsOut.${name}` } };
    }
    values[name] = value;
  }
  if (Object.keys(values).length === 0) return { error: { field: 'systolicMmHg', key: 'consult.vitalsNone' } };
  if ((values.systolicMmHg === undefined) !== (values.diastolicMmHg === undefined)) {
    const field = values.systolicMmHg === undefined ? 'systolicMmHg' : 'diastolicMmHg';
    return { error: { field, key: 'consult.vitalsPair' } };
  }
  if (values.systolicMmHg !== undefined && values.diastolicMmHg >= values.systolicMmHg) {
    return { error: { field: 'diastolicMmHg', key: 'consult.vitalsOrder' } };
  }
  return { values };
}
