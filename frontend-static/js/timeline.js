// One lane per worker, coloured by state, growing as a run's state changes arrive in batches. Incoming batches only
// append segments and mark the lanes dirty; one requestAnimationFrame loop redraws, and stops when the canvas
// leaves the page. States have a legend with their names, and the hatching marks waiting, so that colour is
// never the only cue.

export const STATE_STYLE = {
  IDLE: { colour: '#eeeeee', label: 'idle' },
  RUNNING: { colour: '#0072B2', label: 'running Python (holds the GIL)' },
  WAITING_FOR_GIL: { colour: '#E69F00', label: 'waiting for the GIL', hatch: true },
  IO: { colour: '#009E73', label: 'I/O (GIL released)' },
  NATIVE: { colour: '#56B4E9', label: 'C code, GIL released' },
  BUILTIN: { colour: '#CC79A7', label: 'C call holding the GIL' },
  DONE: { colour: '#ffffff', label: 'finished' },
};

const LANE_HEIGHT = 18;
const GAP = 4;
const LEFT = 70;

export class Timeline {
  constructor(canvas, legend, readout) {
    this.canvas = canvas;
    this.legend = legend;
    this.readout = readout;
    this.reset(0, []);
    this.drawLegend();
  }

  /** Starts a new run's lanes: `workers` lanes, state names by ordinal. */
  reset(workers, states) {
    this.workers = workers;
    this.states = states;
    this.segments = Array.from({ length: workers }, () => []); // [startMicros, stateName]
    this.endMicros = 0;
    this.changes = 0;
    this.capped = false;
    this.dirty = true;
    this.canvas.style.height = `${Math.max(1, workers) * (LANE_HEIGHT + GAP) + 24}px`;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Appends a batch of [worker, stateOrdinal, micros] changes; `capped` says the server sends no more. */
  add(changes, capped = false) {
    this.capped = capped;
    for (const [worker, state, micros] of changes) {
      const lane = this.segments[worker];
      if (!lane) continue;
      lane.push([micros, this.states[state]]);
      if (micros > this.endMicros) this.endMicros = micros;
    }
    this.changes += changes.length;
    this.canvas.dataset.changes = String(this.changes);
    this.dirty = true;
  }

  drawLegend() {
    this.legend.replaceChildren(...Object.entries(STATE_STYLE).filter(([s]) => s !== 'DONE').map(([, style]) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch block' + (style.hatch ? ' hatch' : '');
      swatch.style.background = style.hatch ? '' : style.colour;
      item.append(swatch, style.label);
      return item;
    }));
  }

  draw() {
    if (!this.canvas.isConnected) return;
    this.frame = requestAnimationFrame(() => this.draw());
    if (!this.resize() && !this.dirty) return;
    this.dirty = false;
    const ctx = this.canvas.getContext('2d');
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = '11px system-ui, sans-serif';
    const span = Math.max(this.endMicros, 1);
    const x = (micros) => LEFT + (w - LEFT - 8) * (micros / span);
    const hatch = this.hatchPattern(ctx);
    const time = {};
    for (let lane = 0; lane < this.workers; lane++) {
      const y = lane * (LANE_HEIGHT + GAP);
      ctx.fillStyle = '#333';
      ctx.fillText(`worker ${lane}`, 0, y + LANE_HEIGHT - 5);
      const segs = this.segments[lane];
      for (let i = 0; i < segs.length; i++) {
        const [start, state] = segs[i];
        const end = i + 1 < segs.length ? segs[i + 1][0] : this.endMicros;
        time[state] = (time[state] || 0) + (end - start);
        const style = STATE_STYLE[state] || STATE_STYLE.IDLE;
        const x0 = x(start);
        const width = Math.max(x(end) - x0, 0.5);
        ctx.fillStyle = style.colour;
        ctx.fillRect(x0, y, width, LANE_HEIGHT);
        if (style.hatch) {
          ctx.fillStyle = hatch;
          ctx.fillRect(x0, y, width, LANE_HEIGHT);
        }
      }
    }
    const axisY = this.workers * (LANE_HEIGHT + GAP) + 14;
    ctx.fillStyle = '#555';
    ctx.fillText('0 s', LEFT, axisY);
    const label = `${(span / 1e6).toFixed(2)} s`;
    ctx.fillText(label, w - 8 - ctx.measureText(label).width, axisY);
    this.describe(time);
  }

  /** The lanes' key numbers as text: each state's share of all workers' time. */
  describe(time) {
    const total = Object.values(time).reduce((a, b) => a + b, 0);
    if (!total) return;
    this.readout.textContent = 'Share of worker time: ' + Object.entries(time)
      .filter(([state]) => state !== 'DONE' && time[state] / total >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([state, t]) => `${(STATE_STYLE[state] || { label: state }).label} ${Math.round(100 * t / total)}%`)
      .join(', ') + '.' +
      (this.capped ? ' The lanes stop here: this run changed state too often to draw all of it.' : '');
  }

  hatchPattern(ctx) {
    if (this.hatch) return this.hatch;
    const tile = document.createElement('canvas');
    tile.width = tile.height = 6;
    const t = tile.getContext('2d');
    t.strokeStyle = 'rgba(0,0,0,0.45)';
    t.lineWidth = 1;
    t.beginPath();
    t.moveTo(0, 6);
    t.lineTo(6, 0);
    t.stroke();
    this.hatch = ctx.createPattern(tile, 'repeat');
    return this.hatch;
  }

  resize() {
    const dpr = window.devicePixelRatio || 1;
    const rect = this.canvas.getBoundingClientRect();
    const width = Math.max(1, Math.round(rect.width * dpr));
    const height = Math.max(1, Math.round(rect.height * dpr));
    if (this.canvas.width === width && this.canvas.height === height) return false;
    this.canvas.width = width;
    this.canvas.height = height;
    return true;
  }
}
