// The compare page: two finished runs' lanes on one time axis (both from their own start), zoomed and panned
// together, with one cursor across both.
import { LaneData } from './lane-data.js';
import { Timeline } from './timeline.js';
import { TimeView, bindViewButtons } from './time-view.js';
import { TimeCursor } from './time-cursor.js';
import { drawStateLegend } from './states.js';

const figure = document.getElementById('compare-lanes');
const view = new TimeView();

async function loadTrace(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  return response.json();
}

async function showComparison() {
  const cursor = new TimeCursor();
  const hover = document.getElementById('compare-lanes-hover');
  const runs = [['a', 'A'], ['b', 'B']];
  const traces = await Promise.all(runs.map(([key]) => loadTrace(figure.dataset[`trace${key.toUpperCase()}`])));
  let extent = 1;
  runs.forEach(([key, name], i) => {
    const trace = traces[i];
    const readout = document.getElementById(`compare-lanes-readout-${key}`);
    const canvas = document.getElementById(`compare-lanes-${key}`);
    if (!trace) {
      readout.textContent = `${name}: this run has no lanes (it did not start, or it is too old to keep them).`;
      canvas.hidden = true;
      return;
    }
    const data = new LaneData();
    // Both runs on one axis of "time since the run's start": a start of 0 puts the cursor in the same units.
    data.reset(trace.workers, trace.states, 0, trace.style);
    data.add(trace.changes);
    data.extendTo(trace.endMicros);
    extent = Math.max(extent, data.endMicros);
    new Timeline(canvas, { data, view, cursor, hover, readout, name }).invalidate();
    if (trace.capped) {
      const note = document.createElement('p');
      note.className = 'readout capped';
      note.textContent = `${name} kept its first ${trace.capacity.toLocaleString('en')} state changes;` +
        ` ${trace.overCapacity.toLocaleString('en')} later ones are not drawn.`;
      readout.after(note);
    }
  });
  view.setExtent(extent);
  view.showAll();
  figure.dataset.ready = 'true';
}

if (figure) {
  drawStateLegend(document.getElementById('compare-lanes-legend'));
  bindViewButtons(figure.querySelector('.lane-controls'), view);
  showComparison();
}
