// How many greenlets are in each state over a run's time, as stacked bands: at thousands of greenlets the lanes
// show the hub and the first few only, and this chart shows all of them. Samples only append; one
// requestAnimationFrame loop redraws when they or the shared time view changed, and stops when the canvas leaves
// the page. Load: one band per state, one column per pixel at most (a 60 s run at 10 ms a sample is 6,000 samples).
import { styleOf, texturePattern } from './states.js';
import { fitToDisplay } from './canvas.js';
import { formatMicros } from './lane-data.js';

const LEFT = 66;
const RIGHT = 8;

export class StateCounts {
  /** @param canvas the canvas; @param view the lanes' TimeView; @param readout element for the words */
  constructor(canvas, view, readout) {
    this.canvas = canvas;
    this.view = view;
    this.readout = readout;
    this.patterns = new Map();
    this.reset([], 0, 'greenlets');
    view.listen(() => { this.dirty = true; });
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Starts a run: state names by ordinal, how many greenlets there are, the kind of worker's words per state. */
  reset(states, total, words) {
    this.states = states;
    this.total = total;
    this.words = words || {};
    this.times = [];
    this.counts = [];
    this.dirty = true;
  }

  /** Appends samples [micros, count of state 0, count of state 1, ...], oldest first. */
  add(samples) {
    for (const [micros, ...counts] of samples) {
      this.times.push(micros);
      this.counts.push(counts);
    }
    this.dirty = true;
    this.canvas.dataset.samples = String(this.times.length);
  }

  draw() {
    if (!this.canvas.isConnected) { this.frame = null; return; }
    this.frame = requestAnimationFrame(() => this.draw());
    if (!fitToDisplay(this.canvas) && !this.dirty) return;
    this.dirty = false;
    this.paint();
  }

  /** The sample in effect at `micros`, or -1 before the first. */
  indexAt(micros) {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] <= micros) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  paint() {
    const ctx = this.canvas.getContext('2d', { alpha: false });
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    ctx.fillStyle = '#333';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(`${this.total.toLocaleString()}`, 0, 11);
    ctx.fillText('greenlets', 0, 24);
    ctx.fillText('0', 0, h - 2);
    if (!this.times.length || !this.total) return;
    const { start, end } = this.view;
    const plotWidth = Math.max(1, w - LEFT - RIGHT);
    const perPixel = (end - start) / plotWidth;
    for (let x = 0; x < plotWidth; x++) {
      const i = this.indexAt(start + (x + 0.5) * perPixel);
      if (i < 0) continue;
      let y = h;
      const counts = this.counts[i];
      for (let s = 0; s < counts.length; s++) {
        const state = this.states[s];
        if (!counts[s] || state === 'DONE' || state === 'IDLE') continue;
        const band = (counts[s] / this.total) * h;
        const style = styleOf(state, this.words);
        ctx.fillStyle = style.colour;
        ctx.fillRect(LEFT + x, y - band, 1, band);
        const pattern = this.pattern(ctx, style.texture);
        if (pattern) { ctx.fillStyle = pattern; ctx.fillRect(LEFT + x, y - band, 1, band); }
        y -= band;
      }
    }
    this.describe();
  }

  pattern(ctx, texture) {
    if (!texture) return null;
    if (!this.patterns.has(texture)) this.patterns.set(texture, texturePattern(ctx, texture));
    return this.patterns.get(texture);
  }

  /** The busiest moment in words: when the most greenlets waited for the hub, for a screen reader and a glance. */
  describe() {
    if (!this.readout) return;
    const waiting = this.states.indexOf('WAITING_FOR_GIL');
    const io = this.states.indexOf('IO');
    let most = -1;
    for (let i = 0; i < this.counts.length; i++) {
      if (most < 0 || this.counts[i][waiting] > this.counts[most][waiting]) most = i;
    }
    const peakIo = Math.max(0, ...this.counts.map((c) => c[io] || 0));
    this.readout.textContent = `Greenlets by state: at most ${peakIo.toLocaleString()} waiting for I/O at once;`
      + ` at most ${(this.counts[most][waiting] || 0).toLocaleString()} ready and waiting for the hub`
      + ` (at ${formatMicros(this.times[most])}).`;
  }
}
