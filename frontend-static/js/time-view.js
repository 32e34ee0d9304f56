// The visible stretch of a run's time axis, in microseconds since its start: zoomed and panned by keys, buttons,
// wheel and drag, shared by every timeline drawn on the same axis. While a run is live it follows the run's end
// until the student zooms or pans; "whole run" follows again. While live, the axis ends at a round time ahead of
// the run (1, 2 or 5 times a power of ten), so that it rescales a few times per run rather than on every frame
// and the lanes already drawn can stay drawn.
import { niceCeil } from './nice-number.js';

const MIN_SPAN_MICROS = 200;

export class TimeView {
  constructor() {
    this.listeners = new Set();
    this.reset();
  }

  reset(live = false) {
    this.live = live;
    this.extent = 1;
    this.start = 0;
    this.end = 1;
    this.following = true;
    this.changed();
  }

  /** The run now covers [0, extentMicros]. */
  setExtent(extentMicros) {
    if (extentMicros <= this.extent) return;
    this.extent = extentMicros;
    if (this.following) {
      const end = this.live ? niceCeil(extentMicros * 1.05) : extentMicros;
      if (end === this.end && this.start === 0) return;
      this.start = 0;
      this.end = end;
    }
    this.changed();
  }

  /** The run has ended: the axis fits it exactly from now on. */
  finish() {
    this.live = false;
    if (this.following) this.showAll();
  }

  /** Zooms by `factor` (below 1 zooms in) around `centre` micros, the middle of the view by default. */
  zoom(factor, centre = (this.start + this.end) / 2) {
    const span = Math.min(this.extent, Math.max(MIN_SPAN_MICROS, (this.end - this.start) * factor));
    const at = (centre - this.start) / (this.end - this.start || 1);
    this.following = false;
    this.show(centre - span * at, span);
  }

  /** Pans by a share of the visible span: -0.25 moves a quarter of the view earlier. */
  pan(share) {
    this.following = false;
    this.show(this.start + (this.end - this.start) * share, this.end - this.start);
  }

  panByMicros(micros) {
    this.following = false;
    this.show(this.start + micros, this.end - this.start);
  }

  showAll() {
    this.following = true;
    this.show(0, this.live ? niceCeil(this.extent * 1.05) : this.extent);
  }

  show(start, span) {
    const clamped = Math.max(0, Math.min(start, Math.max(this.extent, span) - span));
    this.start = clamped;
    this.end = clamped + span;
    this.changed();
  }

  zoomed() {
    return !this.following && this.end - this.start < this.extent * 0.999;
  }

  listen(fn) {
    this.listeners.add(fn);
  }

  changed() {
    for (const fn of this.listeners || []) fn(this);
  }
}

/** Wires a group of zoom and pan buttons ([data-zoom], [data-pan]) to a view. */
export function bindViewButtons(group, view) {
  if (!group) return;
  group.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.zoom === 'in') view.zoom(0.5);
    if (button.dataset.zoom === 'out') view.zoom(2);
    if (button.dataset.zoom === 'all') view.showAll();
    if (button.dataset.pan) view.pan(0.25 * Number(button.dataset.pan));
  });
}
