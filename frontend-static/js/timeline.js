// One lane per worker, coloured and textured by state, on a time axis that can be zoomed and panned. Data arrives
// in LaneData and only marks the timeline dirty; one requestAnimationFrame loop redraws when something changed and
// stops for good when the canvas leaves the page. Drawing touches at most about one segment per pixel per lane.
//
// Keys on the focused canvas: + and - zoom, the left and right arrows pan, 0 or Home shows the whole run, the up
// and down arrows pick a worker, and , and . step through that worker's segments, each described in words.
import { styleOf, texturePattern } from './states.js';
import { formatMicros } from './lane-data.js';
import { fitToDisplay } from './canvas.js';

const LEFT = 66;
const RIGHT = 8;
const AXIS = 22;
const READOUT_EVERY_MS = 250;

export class Timeline {
  /**
   * @param canvas  the canvas to draw on
   * @param options {data: LaneData, view: TimeView, cursor?: TimeCursor, hover?: element for the described
   *                segment, readout?: element for the key numbers, name?: prefix in descriptions ("A")}
   */
  constructor(canvas, { data, view, cursor = null, hover = null, readout = null, name = '' }) {
    this.canvas = canvas;
    this.data = data;
    this.view = view;
    this.cursor = cursor;
    this.hover = hover;
    this.readout = readout;
    this.name = name;
    this.cursorMillis = null;
    this.probe = null; // {worker, index}: the segment described and outlined
    this.pickedWorker = 0;
    this.lastReadout = 0;
    this.patterns = new Map();
    this.dirty = true;
    this.layoutFor = -1;
    view.listen(() => { this.dirty = true; });
    if (cursor) cursor.listen(this);
    this.bindInput();
    this.frame = requestAnimationFrame(() => this.draw());
  }

  /** Forgets the described segment, for a new run's lanes. */
  clearProbe() {
    this.probe = null;
    this.describe(null);
    if (this.readout) this.readout.textContent = '';
    this.dirty = true;
  }

  /** Marks the data changed (a batch arrived, the run moved on). */
  invalidate() {
    this.dirty = true;
    this.canvas.dataset.changes = String(this.data.changes);
  }

  onCursor(epochMillis) {
    this.cursorMillis = epochMillis;
    this.dirty = true;
  }

  layout() {
    const workers = this.data.workers;
    if (this.layoutFor === workers) return;
    this.layoutFor = workers;
    this.laneHeight = workers <= 16 ? 18 : Math.max(5, Math.floor(380 / workers));
    this.gap = workers <= 16 ? 4 : 1;
    this.canvas.style.height = `${Math.max(1, workers) * (this.laneHeight + this.gap) + AXIS + 4}px`;
  }

  /** Matches the canvas's pixel size to its CSS size times the device pixel ratio; true when it changed. */
  resize() {
    return fitToDisplay(this.canvas);
  }

  draw() {
    if (!this.canvas.isConnected) { this.frame = null; return; }
    this.frame = requestAnimationFrame(() => this.draw());
    this.layout();
    if (!this.resize() && !this.dirty) return;
    this.dirty = false;
    this.paint();
  }

  /**
   * Draws one frame now. The lanes themselves are drawn into an offscreen layer that is kept while the axis stays
   * the same, so that a live run only adds its new segments; the frame copies the layer and draws the axis, the
   * outlined segment and the cursor over it. Returns how many rectangles were filled.
   */
  paint() {
    const ctx = this.canvas.getContext('2d', { alpha: false });
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    const { start, end } = this.view;
    const plotWidth = Math.max(1, w - LEFT - RIGHT);
    const perPixel = (end - start) / plotWidth;
    const xOf = (t) => LEFT + (t - start) / perPixel;
    const step = this.laneHeight + this.gap;
    const rects = this.paintLayer(dpr, start, end, perPixel, w, h);

    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.layer, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '11px system-ui, sans-serif';
    this.drawAxis(ctx, w, this.data.workers * step, xOf, perPixel * plotWidth);
    this.drawEnd(ctx, w, this.data.workers * step, xOf);
    this.drawProbe(ctx, xOf, step);
    this.drawCursor(ctx, xOf, this.data.workers * step);
    const now = performance.now();
    if (now - this.lastReadout > READOUT_EVERY_MS) {
      this.lastReadout = now;
      this.describeView();
    } else {
      this.dirty = true; // come back for the readout
    }
    return rects;
  }

  /** Brings the offscreen lanes up to date: all of them when the axis or the run changed, else only the new end. */
  paintLayer(dpr, start, end, perPixel, w, h) {
    const key = `${this.canvas.width}x${this.canvas.height}@${dpr}:${start}-${end}#${this.data.generation}`;
    if (!this.layer) this.layer = document.createElement('canvas');
    const layer = this.layer;
    const ctx = layer.getContext('2d', { alpha: false });
    const full = key !== this.layerKey;
    if (full) {
      this.layerKey = key;
      if (layer.width !== this.canvas.width) layer.width = this.canvas.width;
      if (layer.height !== this.canvas.height) layer.height = this.canvas.height;
      this.drawnFrom = new Int32Array(this.data.workers);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, w, h);
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = '#333';
      for (let worker = 0; worker < this.data.workers; worker++) {
        if (this.laneHeight >= 10 || worker % 8 === 0) {
          ctx.fillText(this.data.laneName(worker), 0, worker * (this.laneHeight + this.gap) + Math.max(Math.min(this.laneHeight, 14) - 3, 9));
        }
      }
    }
    const xOf = (t) => LEFT + (t - start) / perPixel;
    const minWidth = 1 / dpr;
    const paths = new Map();
    const textured = new Map();
    let rects = 0;
    const step = this.laneHeight + this.gap;
    for (let worker = 0; worker < this.data.workers; worker++) {
      const y = worker * step;
      const lane = this.data.lanes[worker];
      let lastX1 = -Infinity;
      // Redraw from the last segment drawn before: it was still open and may have grown.
      const from = full ? Math.max(0, lane.indexAt(start)) : this.drawnFrom[worker];
      for (let i = from; i < lane.size; i++) {
        const t0 = lane.times[i];
        if (t0 > end) break;
        const t1 = i + 1 < lane.size ? lane.times[i + 1] : this.data.endMicros;
        let x0 = xOf(Math.max(t0, start));
        let x1 = xOf(Math.min(t1, end));
        if (x1 <= lastX1) {
          // Covered by what is drawn already: jump to the segment under the next free pixel.
          const next = lane.indexAt(start + (lastX1 - LEFT) * perPixel);
          if (next > i) i = next - 1;
          continue;
        }
        if (x0 < lastX1) x0 = lastX1;
        if (x1 - x0 < minWidth) x1 = x0 + minWidth;
        lastX1 = x1;
        const state = lane.states[i];
        if (this.data.stateName(state) === 'DONE') continue;
        let path = paths.get(state);
        if (!path) paths.set(state, path = new Path2D());
        path.rect(x0, y, x1 - x0, this.laneHeight);
        // A texture cannot show on a sliver; the words on hover and focus can.
        if (x1 - x0 >= 3) {
          let texturedPath = textured.get(state);
          if (!texturedPath) textured.set(state, texturedPath = new Path2D());
          texturedPath.rect(x0, y, x1 - x0, this.laneHeight);
        }
        rects++;
      }
      this.drawnFrom[worker] = Math.max(0, lane.size - 1);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (const [state, path] of paths) {
      ctx.fillStyle = styleOf(this.data.stateName(state)).colour;
      ctx.fill(path);
    }
    for (const [state, path] of textured) {
      const pattern = this.pattern(ctx, styleOf(this.data.stateName(state)).texture);
      if (pattern) {
        ctx.fillStyle = pattern;
        ctx.fill(path);
      }
    }
    return rects;
  }

  drawAxis(ctx, w, top, xOf, span) {
    const { start, end } = this.view;
    ctx.strokeStyle = '#bbb';
    ctx.fillStyle = '#555';
    ctx.lineWidth = 1;
    const target = Math.max(2, Math.floor((w - LEFT - RIGHT) / 90));
    const step = niceStep(span / target);
    for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
      const x = xOf(t);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + 4);
      ctx.stroke();
      const label = formatMicros(t);
      const width = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(LEFT, x - width / 2), w - RIGHT - width), top + 16);
    }
    if (this.view.zoomed()) {
      ctx.fillText('zoomed', 0, top + 16);
    }
  }

  /** Marks the time after a finished run's end, when the view reaches past it (another run on the axis is longer). */
  drawEnd(ctx, w, bottom, xOf) {
    if (this.view.live || !this.data.workers || this.data.endMicros >= this.view.end) return;
    const x = Math.max(LEFT, xOf(this.data.endMicros));
    if (w - RIGHT - x < 2) return;
    ctx.fillStyle = 'rgba(90, 90, 102, 0.12)';
    ctx.fillRect(x, 0, w - RIGHT - x, bottom);
    ctx.fillStyle = '#555';
    const label = `run ended at ${formatMicros(this.data.endMicros)}`;
    if (w - RIGHT - x > ctx.measureText(label).width + 6) ctx.fillText(label, x + 4, Math.min(bottom - 3, 12));
  }

  drawProbe(ctx, xOf, step) {
    if (!this.probe) return;
    const seg = this.data.segment(this.probe.worker, this.probe.index);
    if (!seg) return;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2;
    const x0 = Math.max(LEFT, xOf(seg.start));
    const x1 = Math.max(x0 + 2, xOf(seg.end));
    ctx.strokeRect(x0, this.probe.worker * step - 1, x1 - x0, this.laneHeight + 2);
  }

  drawCursor(ctx, xOf, bottom) {
    if (this.cursorMillis == null) return;
    const micros = (this.cursorMillis - this.data.startEpochMillis) * 1000;
    if (micros < this.view.start || micros > this.view.end) return;
    const x = xOf(micros);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
  }

  /** The key numbers of what is in view, as text: each state's share, and the GIL's hand-overs. */
  describeView() {
    if (!this.readout || !this.data.workers) return;
    const { start, end } = this.view;
    const to = Math.min(end, this.data.endMicros);
    const shares = this.data.shares(start, to);
    if (!shares.length) {
      this.readout.textContent = `${this.name ? this.name + ': ' : ''}` + (to <= start
        ? `nothing in view: this run ended at ${formatMicros(this.data.endMicros)}.` : 'no worker activity in view.');
      return;
    }
    const range = this.view.zoomed() ? ` from ${formatMicros(start)} to ${formatMicros(to)}` : '';
    let text = `${this.name ? this.name + ': ' : ''}share of ${this.data.style.firstLane ? 'lane' : 'worker'} time${range}: ` + shares
      .filter(([, share]) => share >= 0.005)
      .map(([state, share]) => `${styleOf(state, this.data.style.words).label} ${Math.round(share * 100)}%`).join(', ') + '.';
    const handOvers = this.data.gilHandOvers(start, to);
    if (handOvers != null && to > start) {
      text += ` The GIL changed hands ${handOvers.toLocaleString('en')} times` +
        ` (${Math.round(handOvers / ((to - start) / 1e6)).toLocaleString('en')} a second).`;
    }
    this.readout.textContent = text;
  }

  /** Says in words what one segment was: worker, state, when, how long, and the GIL's hand-overs meanwhile. */
  describe(seg) {
    if (!this.hover) return;
    if (!seg) { this.hover.textContent = ''; return; }
    const style = styleOf(seg.state, this.data.style.words);
    let text = `${this.name ? this.name + ', ' : ''}${this.data.laneName(seg.worker)}: ${style.label}, from ${formatMicros(seg.start)}` +
      ` to ${formatMicros(seg.end)} (${formatMicros(seg.end - seg.start)})`;
    const handOvers = this.data.gilHandOvers(seg.start, seg.end);
    if (handOvers != null) text += `; the GIL changed hands ${handOvers} time${handOvers === 1 ? '' : 's'} meanwhile`;
    this.hover.textContent = text + '.';
  }

  pattern(ctx, texture) {
    if (!texture) return null;
    if (!this.patterns.has(texture)) this.patterns.set(texture, texturePattern(ctx, texture));
    return this.patterns.get(texture);
  }

  /** The worker and the instant under a point of the canvas, or null outside the lanes. */
  at(clientX, clientY) {
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    const step = this.laneHeight + this.gap;
    const worker = Math.floor(y / step);
    if (x < LEFT || worker < 0 || worker >= this.data.workers) return null;
    const micros = this.view.start + (x - LEFT) / Math.max(1, rect.width - LEFT - RIGHT) * (this.view.end - this.view.start);
    return { worker, micros };
  }

  pointTo(worker, micros) {
    const seg = this.data.segmentAt(worker, micros);
    this.probe = seg ? { worker, index: seg.index } : null;
    this.pickedWorker = worker;
    this.describe(seg);
    if (this.cursor) this.cursor.set(this.data.startEpochMillis + micros / 1000, this);
    this.cursorMillis = this.data.startEpochMillis + micros / 1000;
    this.dirty = true;
  }

  step(direction) {
    const lane = this.data.lanes[this.pickedWorker];
    if (!lane || !lane.size) return;
    let index = this.probe && this.probe.worker === this.pickedWorker ? this.probe.index + direction
      : Math.max(0, lane.indexAt((this.view.start + this.view.end) / 2));
    index = Math.max(0, Math.min(lane.size - 1, index));
    const seg = this.data.segment(this.pickedWorker, index);
    // Bring the segment into view when it is off screen.
    const span = this.view.end - this.view.start;
    if (seg.start < this.view.start || seg.start > this.view.end) this.view.show(seg.start - span / 2, span);
    this.pointTo(this.pickedWorker, seg.start);
  }

  bindInput() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointermove', (e) => {
      if (drag && Math.abs(e.clientX - drag.x) > 3) {
        const rect = c.getBoundingClientRect();
        const perPixel = (this.view.end - this.view.start) / Math.max(1, rect.width - LEFT - RIGHT);
        this.view.panByMicros(-(e.clientX - drag.x) * perPixel);
        drag = { x: e.clientX, moved: true };
        return;
      }
      if (!drag && e.pointerType === 'mouse') {
        const hit = this.at(e.clientX, e.clientY);
        if (hit) this.pointTo(hit.worker, hit.micros);
      }
    });
    c.addEventListener('pointerup', (e) => {
      if (drag && !drag.moved) {
        const hit = this.at(e.clientX, e.clientY);
        if (hit) this.pointTo(hit.worker, hit.micros);
      }
      drag = null;
    });
    c.addEventListener('pointerleave', () => {
      if (this.cursor) this.cursor.set(null, this);
    });
    c.addEventListener('wheel', (e) => {
      if (!e.ctrlKey && !e.metaKey) return; // a plain wheel scrolls the page
      e.preventDefault();
      const hit = this.at(e.clientX, e.clientY);
      this.view.zoom(e.deltaY > 0 ? 1.25 : 0.8, hit ? hit.micros : undefined);
    }, { passive: false });
    c.addEventListener('keydown', (e) => {
      const keys = {
        '+': () => this.view.zoom(0.5), '=': () => this.view.zoom(0.5),
        '-': () => this.view.zoom(2), '_': () => this.view.zoom(2),
        0: () => this.view.showAll(), Home: () => this.view.showAll(),
        ArrowLeft: () => this.view.pan(-0.2), ArrowRight: () => this.view.pan(0.2),
        ArrowUp: () => { this.pickedWorker = Math.max(0, this.pickedWorker - 1); this.step(0); },
        ArrowDown: () => { this.pickedWorker = Math.min(this.data.workers - 1, this.pickedWorker + 1); this.step(0); },
        ',': () => this.step(-1), '<': () => this.step(-1),
        '.': () => this.step(1), '>': () => this.step(1),
      };
      const action = keys[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    });
  }
}

/** A round step of 1, 2 or 5 times a power of ten, at least `raw`. */
export function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}
