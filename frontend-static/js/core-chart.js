// The per-core utilization chart: one line per core and a thick line for the average, over a sliding window.
// Incoming samples only append to a ring buffer and mark the chart dirty; one requestAnimationFrame loop draws
// when dirty and stops for good when the canvas leaves the page.
import { RingSeries } from './series.js';
import { colourOf, dashOf } from './palette.js';

const WINDOW_MS = 30_000;
const MAX_POINTS = 600; // 60 s at 10 Hz: more than the window holds at the fastest sampling rate allowed.
const PAD = { left: 34, right: 8, top: 8, bottom: 18 };

export class CoreChart {
  constructor(canvas, legend, readout) {
    this.canvas = canvas;
    this.legend = legend;
    this.readout = readout;
    this.series = null;
    this.samples = 0;
    this.dirty = false;
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Adds one sample: {epochMillis, cores: [0..1], total: 0..1}. */
  add(sample) {
    if (!this.series) this.start(sample.cores.length);
    this.series.push(sample.epochMillis, [...sample.cores, sample.total]);
    this.samples++;
    this.canvas.dataset.samples = String(this.samples);
    this.dirty = true;
  }

  start(cores) {
    this.cores = cores;
    this.series = new RingSeries(cores + 1, MAX_POINTS);
    this.legend.replaceChildren(...Array.from({ length: cores + 1 }, (_, i) => {
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      const total = i === cores;
      swatch.style.borderTop = `${total ? 4 : 2}px ${dashOf(i).length && !total ? 'dashed' : 'solid'} ${total ? '#222' : colourOf(i)}`;
      item.append(swatch, total ? 'average' : `core ${i}`);
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
    this.drawAxes(ctx, w, h);
    if (!this.series || this.series.size === 0) return;

    const now = this.series.lastTime();
    const x = (t) => PAD.left + (w - PAD.left - PAD.right) * (1 - (now - t) / WINDOW_MS);
    const y = (v) => PAD.top + (h - PAD.top - PAD.bottom) * (1 - v);
    for (let line = 0; line <= this.cores; line++) {
      const total = line === this.cores;
      ctx.beginPath();
      ctx.strokeStyle = total ? '#222' : colourOf(line);
      ctx.lineWidth = total ? 3 : 1.5;
      ctx.setLineDash(total ? [] : dashOf(line));
      let started = false;
      this.series.forEach((t, at) => {
        if (now - t > WINDOW_MS) return;
        const px = x(t);
        const py = y(this.series.values[line][at]);
        if (started) ctx.lineTo(px, py); else { ctx.moveTo(px, py); started = true; }
      });
      ctx.stroke();
    }
    ctx.setLineDash([]);
    this.readout.textContent = 'Now: ' + Array.from({ length: this.cores }, (_, i) =>
      `core ${i} ${Math.round(this.series.last(i) * 100)}%`).join(', ') +
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
    ctx.fillText('30 s ago', PAD.left, h - 4);
    ctx.fillText('now', w - PAD.right - 22, h - 4);
  }

  /** Matches the canvas's pixel size to its CSS size times the device pixel ratio; true when it changed. */
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
