// Reading one node's status without ever throwing: an older node may lack a field or send another type.
// Every reader returns null for "not there"; every formatter shows null as a dash.

export const NONE = '\u2014';

/** The value at path (a dotted string or an array of keys), or undefined. */
export function field(obj, path) {
  let v = obj;
  for (const key of Array.isArray(path) ? path : path.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

export function number(obj, path) {
  const v = field(obj, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function text(obj, path) {
  const v = field(obj, path);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

export function bool(obj, path) {
  const v = field(obj, path);
  return typeof v === 'boolean' ? v : null;
}

export function list(obj, path) {
  const v = field(obj, path);
  return Array.isArray(v) ? v : null;
}

export function object(obj, path) {
  const v = field(obj, path);
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
}

/** The sum of the numbers in an array (e.g. rule_hits), or null when there is no array. */
export function total(obj, path) {
  const v = list(obj, path);
  return v === null ? null : v.reduce((sum, x) => sum + (typeof x === 'number' && Number.isFinite(x) ? x : 0), 0);
}

export function count(n) {
  if (n === null || n === undefined) return NONE;
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1) + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (a >= 1e5) return (n / 1e3).toFixed(0) + 'k';
  if (a >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  return String(Math.round(n));
}

export function rate(perSecond) {
  if (perSecond === null || perSecond === undefined) return NONE;
  return perSecond < 10 ? perSecond.toFixed(1) : count(perSecond);
}

export function micros(us) {
  if (us === null || us === undefined) return NONE;
  if (us < 1000) return Math.round(us) + ' \u00b5s';
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
  return (us / 1e6).toFixed(2) + ' s';
}
