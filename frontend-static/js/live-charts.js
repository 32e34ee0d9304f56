// The live charts of a page that shows runs (fragments/charts :: live-charts, on the lesson page and the
// instructor's console): the per-core chart, and the run the page follows, its status and lanes, all from the
// page's one stream. The lanes and the core chart share one time cursor: hovering either shows the same instant
// on the other.
import { pageStream } from './page-stream.js';
import { statusOf } from './run-status.js';
import { CoreChart } from './core-chart.js';
import { LaneData } from './lane-data.js';
import { Timeline } from './timeline.js';
import { TimeView, bindViewButtons } from './time-view.js';
import { TimeCursor } from './time-cursor.js';
import { drawStateLegend } from './states.js';
import { StateCounts } from './state-counts.js';

const FINISHED = new Set(['done', 'failed', 'cancelled']);

const cursor = new TimeCursor();
const figure = document.getElementById('core-chart');
const chart = new CoreChart(
  document.getElementById('core-chart-canvas'),
  document.getElementById('core-chart-legend'),
  document.getElementById('core-chart-readout'),
  { cursor, windowMs: Number(figure.dataset.windowMs), points: Number(figure.dataset.points) });
pageStream.on('cores', (sample) => chart.add(sample));
// A stream the page reopens asks only for the samples it does not have.
pageStream.resumeWith('coresAfter', () => chart.lastSampleMillis());

const lanesFigure = document.getElementById('lanes');
const lanes = new LaneData();
const view = new TimeView();
const timeline = new Timeline(document.getElementById('lanes-canvas'), {
  data: lanes, view, cursor,
  hover: document.getElementById('lanes-hover'),
  readout: document.getElementById('lanes-readout'),
});
const lanesLegend = document.getElementById('lanes-legend');
drawStateLegend(lanesLegend);
const countsBox = document.getElementById('lanes-counts');
const counts = new StateCounts(document.getElementById('lanes-counts-canvas'), view,
  document.getElementById('lanes-counts-readout'));
bindViewButtons(lanesFigure.querySelector('.lane-controls'), view);

/** The run the page follows: its id and status; null before the first. */
let followed = null;
/** Whether the run's own execution has started (its lanes came), not the one-worker run measured beside it. */
let measuring = false;

/** The run has reached `micros` since its start: the lanes, the view and the core chart's shading follow. */
function runReached(micros) {
  lanes.extendTo(micros);
  view.setExtent(lanes.endMicros);
  chart.markRun(lanes.startEpochMillis, lanes.startEpochMillis + lanes.endMicros / 1000);
  timeline.invalidate();
}

// A run's events carry ids: the stream resumes after the last one seen and never hands one over twice.
const runEvent = (name, handle) => pageStream.on(name, handle, { resumable: true });
runEvent('lanes', ({ workers, states, startEpochMillis, style, counted }) => {
  countsBox.hidden = !counted;
  counts.reset(states, counted || 0, style.words);
  lanesFigure.hidden = false;
  lanes.reset(workers, states, startEpochMillis, style);
  drawStateLegend(lanesLegend, style.words);
  document.getElementById('lanes-capped').hidden = true;
  view.reset(true);
  timeline.clearProbe();
  measuring = true;
  timeline.invalidate();
});
runEvent('counts', ({ samples }) => counts.add(samples));
runEvent('workers', ({ changes, capped }) => {
  lanes.add(changes);
  if (capped) document.getElementById('lanes-capped').hidden = false;
  runReached(lanes.endMicros);
});
runEvent('progress', (p) => {
  followed?.status.progress(p);
  // Only the run's own execution moves its lanes on, not the one-worker run measured to compare with.
  if (measuring && p.stage === 'running') runReached(p.elapsedMillis * 1000);
});
runEvent('state', (event) => {
  followed?.status.state(event);
  if (FINISHED.has(event.state)) {
    view.finish();
    // The run's events are over: a stream opened from now on need not ask for them.
    pageStream.forget('run');
  }
});

function follow(status) {
  const id = status.dataset.runId;
  if (!id || id === followed?.id) return;
  followed = { id, status: statusOf(id) };
  measuring = false;
  pageStream.followRun(id);
}

// The status element is replaced as the run moves on; follow whichever run it shows now.
document.body.addEventListener('htmx:afterSettle', () => {
  const status = document.getElementById('run-status');
  if (status?.dataset.runId) follow(status);
});
