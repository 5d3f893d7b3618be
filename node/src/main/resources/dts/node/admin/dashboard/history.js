// Rates from successive counter readings, and the last 60 s of each rate for the sparklines.

export const WINDOW_MS = 60_000;

export class Rates {
  #last = new Map();   // key -> {t, v}: the previous reading of a counter
  #points = new Map(); // key -> [{t, r}]: rates (per second) within the window, r null for a gap

  /**
   * Records counter reading v (null: the node did not answer or lacks the counter) at t (ms) and
   * returns the rate per second since the previous reading, or null. A counter that went down was
   * reset (a restart, or rule hits after a reload): no rate for that step.
   */
  count(key, t, v) {
    const prev = this.#last.get(key);
    let r = null;
    if (prev && v !== null && t > prev.t && v >= prev.v) r = ((v - prev.v) * 1000) / (t - prev.t);
    if (v === null) this.#last.delete(key);
    else this.#last.set(key, { t, v });
    this.point(key, t, r);
    return r;
  }

  /** Records a rate computed elsewhere (e.g. a cluster total). */
  point(key, t, r) {
    const points = this.#points.get(key) ?? [];
    points.push({ t, r });
    while (points.length > 0 && points[0].t < t - WINDOW_MS) points.shift();
    this.#points.set(key, points);
  }

  /** The rates of the last 60 s, oldest first. */
  series(key) {
    return this.#points.get(key) ?? [];
  }
}
