// The per-core utilization chart: one line per core and a thick line for the average, over a sliding window of
// wall-clock time. Incoming samples only append to a ring buffer and mark the chart dirty; the chart's loop
// (chart-loop.js) draws when dirty. Hovering shows the instant on the shared time cursor, so the lanes of a run
// show what the workers did at that moment.
import { RingSeries } from './series.js';
import { colourOf, dashOf } from './palette.js';
import { ChartLoop } from './chart-loop.js';

const PAD = { left: 34, right: 8, top: 8, bottom: 18 };

export class CoreChart {
  /**
   * windowMs: how much of the past the chart shows; points: how many samples it keeps, enough to fill that window
   * at the server's sample period (both come from the server's configuration, as data attributes of the page).
   */
  constructor(canvas, legend, readout, { cursor = null, windowMs, points }) {
    this.canvas = canvas;
    this.windowMs = windowMs;
    this.points = points;
    this.legend = legend;
    this.readout = readout;
    this.cursor = cursor;
    this.cursorMillis = null;
    this.run = null; // {start, end} epoch ms of the run being watched, shaded behind the lines
    this.series = null;
    this.samples = 0;
    if (cursor) cursor.listen(this);
    this.bindInput();
    this.loop = new ChartLoop(canvas, () => this.paint());
  }

  /**
   * Adds one sample: {epochMillis, cores: [0..1], total: 0..1, own: [bool]}, where own says which cores this server
   * may run on (its CPU affinity); the others are drawn faint and named "not this server's". A sample the chart has
   * (a stream that came back sends the last seconds again) is dropped.
   */
  add(sample) {
    if (this.series && this.series.size && sample.epochMillis <= this.series.lastTime()) return;
    if (!this.series) this.start(sample.cores.length, sample.own);
    this.series.push(sample.epochMillis, sample.cores.concat(sample.total));
    this.samples++;
    this.canvas.dataset.samples = String(this.samples);
    this.loop.invalidate();
  }

  /** The time of the newest sample, epoch ms, or null before the first. */
  lastSampleMillis() {
    return this.series && this.series.size ? this.series.lastTime() : null;
  }

  /** Shades the stretch of wall-clock time a run covered (its end grows while it runs). */
  markRun(startEpochMillis, endEpochMillis) {
    this.run = { start: startEpochMillis, end: endEpochMillis };
    this.loop.invalidate();
  }

  onCursor(epochMillis) {
    this.cursorMillis = epochMillis;
    this.loop.invalidate();
  }

  start(cores, own) {
    this.cores = cores;
    this.own = Array.from({ length: cores }, (_, i) => !own || own[i] !== false);
    this.series = new RingSeries(cores + 1, this.points);
    this.canvas.dataset.capacity = String(this.points);
    this.legend.replaceChildren(...Array.from({ length: cores + 1 }, (_, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      const total = i === cores;
      const colour = total ? '#222' : this.own[i] ? colourOf(i) : '#bbb';
      swatch.style.borderTop = `${total ? 4 : 2}px ${dashOf(i).length && !total ? 'dashed' : 'solid'} ${colour}`;
      if (!total && !this.own[i]) item.className = 'not-own';
      item.append(swatch, total ? 'average' : this.own[i] ? `core ${i}` : `core ${i} (not this server's)`);
      return item;
    }));
  }

  /**
   * Draws one frame now. The lines are drawn into an offscreen layer only when a sample arrived or the size
   * changed; a frame that only moves the cursor copies the layer and draws the cursor over it.
   */
  paint() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    const layerKey = `${this.canvas.width}x${this.canvas.height}:${this.samples}:${this.run?.start}-${this.run?.end}`;
    if (layerKey !== this.layerKey) {
      this.layerKey = layerKey;
      this.paintLines(dpr, w, h);
    }
    const ctx = this.canvas.getContext('2d', { alpha: false });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.layer, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (this.series && this.series.size && this.cursorMillis != null) {
      const now = this.series.lastTime();
      if (now - this.cursorMillis <= this.windowMs && this.cursorMillis <= now) {
        const cx = PAD.left + (w - PAD.left - PAD.right) * (1 - (now - this.cursorMillis) / this.windowMs);
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(cx, PAD.top);
        ctx.lineTo(cx, h - PAD.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
      }
    }
  }

  paintLines(dpr, w, h) {
    if (!this.layer) this.layer = document.createElement('canvas');
    if (this.layer.width !== this.canvas.width) this.layer.width = this.canvas.width;
    if (this.layer.height !== this.canvas.height) this.layer.height = this.canvas.height;
    const ctx = this.layer.getContext('2d', { alpha: false });
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    if (!this.series || this.series.size === 0) { this.drawAxes(ctx, w, h); return; }

    const now = this.series.lastTime();
    const plotW = w - PAD.left - PAD.right;
    const plotH = h - PAD.top - PAD.bottom;
    const x = (t) => PAD.left + plotW * (1 - (now - t) / this.windowMs);
    if (this.run) {
      const x0 = Math.max(PAD.left, x(this.run.start));
      const x1 = Math.min(w - PAD.right, x(this.run.end));
      if (x1 > x0) {
        ctx.fillStyle = '#eef3f8';
        ctx.fillRect(x0, PAD.top, x1 - x0, plotH);
        ctx.fillStyle = '#555';
        ctx.font = '11px system-ui, sans-serif';
        const label = 'your run';
        const width = ctx.measureText(label).width;
        ctx.fillText(label, x1 - x0 > width + 6 ? x0 + 3 : Math.max(PAD.left, x1 - width - 3), PAD.top + 11);
      }
    }
    this.drawAxes(ctx, w, h);
    const { times, capacity, start, size } = this.series;
    for (let line = 0; line <= this.cores; line++) {
      const total = line === this.cores;
      const values = this.series.values[line];
      ctx.beginPath();
      ctx.strokeStyle = total ? '#222' : this.own[line] ? colourOf(line) : '#bbb';
      ctx.lineWidth = total ? 3 : this.own[line] ? 1.5 : 1;
      ctx.setLineDash(total ? [] : dashOf(line));
      let started = false;
      for (let k = 0; k < size; k++) {
        const at = (start + k) % capacity;
        const t = times[at];
        if (now - t > this.windowMs) continue;
        const px = PAD.left + plotW * (1 - (now - t) / this.windowMs);
        const py = PAD.top + plotH * (1 - values[at]);
        if (started) ctx.lineTo(px, py); else { ctx.moveTo(px, py); started = true; }
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    this.readout.textContent = 'Now: ' + Array.from({ length: this.cores }, (_, i) =>
      `core ${i}${this.own[i] ? '' : ' (not this server\'s)'} ${Math.round(this.series.last(i) * 100)}%`).join(', ') +
      `, average ${Math.round(this.series.last(this.cores) * 100)}%.`;
  }

  drawAxes(ctx, w, h) {
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#555';
    ctx.strokeStyle = '#ddd';
    ctx.lineWidth = 1;
    for (const v of [0, 0.5, 1]) {
      const py = PAD.top + (h - PAD.top - PAD.bottom) * (1 - v);
      ctx.beginPath();
      ctx.moveTo(PAD.left, py);
      ctx.lineTo(w - PAD.right, py);
      ctx.stroke();
      ctx.fillText(`${v * 100}%`, 0, py + 4);
    }
    ctx.fillText(`${Math.round(this.windowMs / 1000)} s ago`, PAD.left, h - 4);
    ctx.fillText('now', w - PAD.right - 22, h - 4);
  }

  bindInput() {
    this.canvas.addEventListener('pointermove', (e) => {
      if (!this.series || !this.series.size || !this.cursor) return;
      const rect = this.canvas.getBoundingClientRect();
      const share = (e.clientX - rect.left - PAD.left) / Math.max(1, rect.width - PAD.left - PAD.right);
      if (share < 0 || share > 1) return;
      this.cursorMillis = this.series.lastTime() - (1 - share) * this.windowMs;
      this.cursor.set(this.cursorMillis, this);
      this.loop.invalidate();
    });
    this.canvas.addEventListener('pointerleave', () => {
      this.cursorMillis = null;
      if (this.cursor) this.cursor.set(null, this);
      this.loop.invalidate();
    });
  }
}
