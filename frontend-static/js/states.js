// How each worker state looks: a colour from Okabe and Ito's colour-blind-safe palette, a texture, and words.
// Colour is never the only cue: every busy state has its own texture, the legend names them all, and hovering or
// focusing a segment says its state in words.

export const STATE_STYLE = {
  IDLE: { colour: '#e4e4e8', label: 'idle', texture: null },
  RUNNING: { colour: '#0072B2', label: 'running Python (holds the GIL)', texture: null },
  WAITING_FOR_GIL: { colour: '#E69F00', label: 'waiting for the GIL', texture: 'diagonal' },
  IO: { colour: '#009E73', label: 'I/O (GIL released)', texture: 'dots' },
  NATIVE: { colour: '#56B4E9', label: 'C code, GIL released', texture: 'horizontal' },
  BUILTIN: { colour: '#CC79A7', label: 'C call holding the GIL', texture: 'cross' },
  BLOCKED: { colour: '#D55E00', label: 'blocked on a lock', texture: 'vertical' },
  DONE: { colour: '#ffffff', label: 'finished', texture: null },
};

const UNKNOWN = { colour: '#999999', label: 'other', texture: 'cross' };

/**
 * How `state` looks, in `words`: the run's kind of worker's words for each state (the `lanes` event's
 * `style.words`: a hub instead of a GIL, one GIL per worker, none), or the labels above where it has none.
 */
export function styleOf(state, words = {}) {
  const style = STATE_STYLE[state] || { ...UNKNOWN, label: String(state).toLowerCase().replaceAll('_', ' ') };
  return words?.[state] ? { ...style, label: words[state] } : style;
}

/** A repeating tile that draws a state's texture over its colour, or null when the state has none. */
export function texturePattern(ctx, texture) {
  if (!texture) return null;
  const tile = document.createElement('canvas');
  tile.width = tile.height = 6;
  const t = tile.getContext('2d');
  t.strokeStyle = 'rgba(0,0,0,0.5)';
  t.fillStyle = 'rgba(0,0,0,0.55)';
  t.lineWidth = 1;
  t.beginPath();
  if (texture === 'diagonal') { t.moveTo(0, 6); t.lineTo(6, 0); }
  if (texture === 'horizontal') { t.moveTo(0, 3.5); t.lineTo(6, 3.5); }
  if (texture === 'vertical') { t.moveTo(3.5, 0); t.lineTo(3.5, 6); }
  if (texture === 'cross') { t.moveTo(0, 0); t.lineTo(6, 6); t.moveTo(6, 0); t.lineTo(0, 6); }
  t.stroke();
  if (texture === 'dots') t.fillRect(2, 2, 1.6, 1.6);
  return ctx.createPattern(tile, 'repeat');
}

/** Fills a legend list with one entry per state: a swatch with the state's colour and texture, and its name. */
export function drawStateLegend(list, words = {}, states = Object.keys(STATE_STYLE).filter((s) => s !== 'DONE')) {
  list.replaceChildren(...states.map((state) => {
    const style = styleOf(state, words);
    const item = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = `swatch block texture-${style.texture || 'none'}`;
    swatch.style.backgroundColor = style.colour;
    item.append(swatch, style.label);
    return item;
  }));
}
