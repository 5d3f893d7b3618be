// Rates from successive counter readings, and the last minute of each rate for the sparklines.

export const WINDOW_MS = 60_000;
/** At most this many rates per key: one per answer, about one a second. */
export const POINTS = 60;

/** A rate is taken over at least this span when the readings reach that far back. */
export const RATE_SPAN_MS = 1000;

export class Rates {
  #readings = new Map(); // key -> [{t, v}]: counter readings since one just older than RATE_SPAN_MS
  #points = new Map();   // key -> [{t, r}]: rates (per second) for the sparklines, r null for a gap

  /**
   * Records counter reading v (null: the node did not answer or lacks the counter) at t (ms) and
   * returns its rate per second over the last second (since the oldest reading when the readings
   * span less), or null. A counter that went down was reset (a restart, or rule hits after a
   * reload): the rate starts again from that reading.
   */
  count(key, t, v) {
    let readings = this.#readings.get(key) ?? [];
    const last = readings[readings.length - 1];
    if (v === null || (last !== undefined && v < last.v)) readings = [];
    if (v !== null) readings.push({ t, v });
    while (readings.length > 2 && readings[1].t <= t - RATE_SPAN_MS) readings.shift();
    this.#readings.set(key, readings);
    const base = readings[0];
    const r = readings.length > 1 && t > base.t ? ((v - base.v) * 1000) / (t - base.t) : null;
    this.point(key, t, r);
    return r;
  }

  /** Records a rate computed elsewhere (e.g. a cluster total). */
  point(key, t, r) {
    const points = this.#points.get(key) ?? [];
    points.push({ t, r });
    while (points.length > POINTS || (points.length > 0 && points[0].t < t - WINDOW_MS)) points.shift();
    this.#points.set(key, points);
  }

  /** The rates of the last minute (at most POINTS), oldest first. */
  series(key) {
    return this.#points.get(key) ?? [];
  }
}
