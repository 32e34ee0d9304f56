// A bounded time series: the newest points of several lines sharing one time axis, kept in a ring buffer.

export class RingSeries {
  constructor(lines, capacity) {
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.values = Array.from({ length: lines }, () => new Float32Array(capacity));
    this.start = 0;
    this.size = 0;
  }

  push(time, values) {
    const at = (this.start + this.size) % this.capacity;
    this.times[at] = time;
    values.forEach((v, line) => { if (line < this.values.length) this.values[line][at] = v; });
    if (this.size < this.capacity) this.size++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Calls visit(time, index) for each kept point, oldest first. */
  forEach(visit) {
    for (let k = 0; k < this.size; k++) {
      const at = (this.start + k) % this.capacity;
      visit(this.times[at], at);
    }
  }

  last(line) {
    if (this.size === 0) return undefined;
    return this.values[line][(this.start + this.size - 1) % this.capacity];
  }

  lastTime() {
    return this.size === 0 ? undefined : this.times[(this.start + this.size - 1) % this.capacity];
  }
}
