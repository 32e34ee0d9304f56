// The one animation loop of every chart: data only marks a chart dirty, and one requestAnimationFrame loop per
// chart fits its canvas to the display (CSS size times devicePixelRatio, so that it is sharp on every screen) and
// paints when something changed; the loop stops for good when the canvas leaves the page.

/** Matches a canvas's pixel size to its CSS size times the device pixel ratio; true when it changed. */
export function fitToDisplay(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, Math.round(rect.width * dpr));
  const height = Math.max(1, Math.round(rect.height * dpr));
  if (canvas.width === width && canvas.height === height) return false;
  canvas.width = width;
  canvas.height = height;
  return true;
}

export class ChartLoop {
  /**
   * @param canvas the chart's canvas
   * @param paint  draws one frame; it may call invalidate() to be called again next frame
   * @param layout optional: sets the canvas's CSS size before it is fitted (a chart whose height follows its data)
   */
  constructor(canvas, paint, layout = null) {
    this.canvas = canvas;
    this.paint = paint;
    this.layout = layout;
    this.dirty = true;
    this.frame = requestAnimationFrame(() => this.tick());
  }

  /** Something changed: paint at the next frame. */
  invalidate() {
    this.dirty = true;
  }

  /** Whether the loop still runs: false once the canvas has left the page. */
  get running() {
    return this.frame != null;
  }

  tick() {
    if (!this.canvas.isConnected) {
      this.frame = null;
      return;
    }
    this.frame = requestAnimationFrame(() => this.tick());
    if (this.layout) this.layout();
    if (!fitToDisplay(this.canvas) && !this.dirty) return;
    this.dirty = false;
    this.paint();
  }
}
