// The lanes' data: for each worker, the instants (micros since the run's start) at which it entered a state.
// Batches only append here; drawing reads it. Each lane grows in typed arrays, so 64 lanes of tens of thousands
// of changes stay compact and are searched by bisection.

class Lane {
  constructor() {
    this.times = new Float64Array(64);
    this.states = new Uint8Array(64);
    this.size = 0;
  }

  push(micros, state) {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      const states = new Uint8Array(this.size * 2);
      states.set(this.states);
      this.times = times;
      this.states = states;
    }
    // Batches are in order per worker; a change that arrives late is dropped rather than breaking the order.
    if (this.size > 0 && micros < this.times[this.size - 1]) return;
    this.times[this.size] = micros;
    this.states[this.size] = state;
    this.size++;
  }

  /** Index of the last change at or before `micros`, or -1. */
  indexAt(micros) {
    let lo = 0;
    let hi = this.size - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= micros) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
}

export class LaneData {
  constructor() {
    this.reset(0, [], 0, null);
  }

  /**
   * Starts a run's lanes: `workers` lanes, state names by ordinal, the epoch ms of time zero, and the kind of
   * worker's `style` (the `lanes` event's: `words` per state, `firstLane`, `lane`, `gilHandOvers`).
   */
  reset(workers, states, startEpochMillis, style) {
    this.generation = (this.generation || 0) + 1; // tells drawings made from the old lanes apart
    this.lanes = Array.from({ length: workers }, () => new Lane());
    this.states = states;
    this.startEpochMillis = startEpochMillis || 0;
    this.style = style || { words: {}, firstLane: null, lane: 'worker', gilHandOvers: true };
    this.endMicros = 0;
    this.changes = 0;
    this.runningIndex = states.indexOf('RUNNING');
    this.takes = []; // [micros, worker] of every entry into RUNNING, for counting GIL hand-overs
    this.takesSorted = true;
  }

  /** Appends a batch of [worker, stateOrdinal, micros] changes. */
  add(changes) {
    for (const [worker, state, micros] of changes) {
      const lane = this.lanes[worker];
      if (!lane) continue;
      lane.push(micros, state);
      if (state === this.runningIndex) {
        if (this.takes.length && micros < this.takes[this.takes.length - 1][0]) this.takesSorted = false;
        this.takes.push([micros, worker]);
      }
      if (micros > this.endMicros) this.endMicros = micros;
    }
    this.changes += changes.length;
  }

  /** The run reached `micros` (a live run's "now"): ongoing states last until then. */
  extendTo(micros) {
    if (micros > this.endMicros) this.endMicros = micros;
  }

  get workers() {
    return this.lanes.length;
  }

  /**
   * What lane `i` shows: a worker, or under greenlets the hub (lane 0) and greenlet i - 1 (with thousands of
   * greenlets the lanes show the first few; the state counts chart shows them all).
   */
  laneName(i) {
    const { firstLane, lane } = this.style;
    if (!firstLane) return `${lane} ${i}`;
    return i === 0 ? firstLane : `${lane} ${i - 1}`;
  }

  stateName(ordinal) {
    return this.states[ordinal] ?? 'IDLE';
  }

  /** The segment of `worker` that covers `micros`: {state, start, end, index}, or null before its first change. */
  segmentAt(worker, micros) {
    const lane = this.lanes[worker];
    if (!lane) return null;
    const i = lane.indexAt(micros);
    return i < 0 ? null : this.segment(worker, i);
  }

  segment(worker, i) {
    const lane = this.lanes[worker];
    if (i < 0 || i >= lane.size) return null;
    const end = i + 1 < lane.size ? lane.times[i + 1] : this.endMicros;
    return { worker, index: i, state: this.stateName(lane.states[i]), start: lane.times[i], end };
  }

  /** How often the GIL passed to another worker between two instants: entries into RUNNING after another's. */
  gilHandOvers(from, to) {
    if (!this.style.gilHandOvers) return null;
    if (!this.takesSorted) {
      this.takes.sort((a, b) => a[0] - b[0]);
      this.takesSorted = true;
    }
    let lo = 0;
    let hi = this.takes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.takes[mid][0] < from) lo = mid + 1; else hi = mid;
    }
    let count = 0;
    let previous = lo > 0 ? this.takes[lo - 1][1] : -1;
    for (let k = lo; k < this.takes.length && this.takes[k][0] <= to; k++) {
      if (this.takes[k][1] !== previous) count++;
      previous = this.takes[k][1];
    }
    return count;
  }

  /** Each state's share of all workers' time between two instants, largest first: [[state, share], ...]. */
  shares(from = 0, to = this.endMicros) {
    const time = {};
    let total = 0;
    for (let w = 0; w < this.lanes.length; w++) {
      const lane = this.lanes[w];
      for (let i = Math.max(0, lane.indexAt(from)); i < lane.size && lane.times[i] < to; i++) {
        const start = Math.max(from, lane.times[i]);
        const end = Math.min(to, i + 1 < lane.size ? lane.times[i + 1] : this.endMicros);
        const state = this.stateName(lane.states[i]);
        if (end <= start || state === 'DONE') continue;
        time[state] = (time[state] || 0) + (end - start);
        total += end - start;
      }
    }
    if (!total) return [];
    return Object.entries(time).map(([s, t]) => [s, t / total]).sort((a, b) => b[1] - a[1]);
  }
}

/** A duration in micros as words a student reads at a glance: "850 µs", "12.3 ms", "1.25 s". */
export function formatMicros(micros) {
  if (micros === 0) return '0';
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1e6) return `${(micros / 1000).toFixed(micros < 1e4 ? 2 : 1).replace(/\.0+$/, '')} ms`;
  return `${(micros / 1e6).toFixed(2)} s`;
}
