// A time shared by several charts: hovering one shows the same instant on the others. Times are wall-clock
// milliseconds since the epoch, so that the per-core chart (epoch ms) and the lanes (micros since a run's start,
// plus that start) meet on one axis.

export class TimeCursor {
  constructor() {
    this.epochMillis = null;
    this.listeners = new Set();
  }

  /** Moves the cursor (null hides it) and tells every other chart. */
  set(epochMillis, source) {
    if (this.epochMillis === epochMillis) return;
    this.epochMillis = epochMillis;
    for (const listener of this.listeners) if (listener !== source) listener.onCursor(epochMillis);
  }

  listen(listener) {
    this.listeners.add(listener);
  }
}
