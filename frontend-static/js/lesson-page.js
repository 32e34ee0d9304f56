// The lesson page: the live per-core chart, and each run's progress, lanes and result as they arrive. The lanes
// and the core chart share one time cursor: hovering either shows the same instant on the other.
import { openStream } from './stream.js';
import { statusOf } from './run-status.js';
import { CoreChart } from './core-chart.js';
import { LaneData } from './lane-data.js';
import { Timeline } from './timeline.js';
import { TimeView, bindViewButtons } from './time-view.js';
import { TimeCursor } from './time-cursor.js';
import { drawStateLegend } from './states.js';
import { StateCounts } from './state-counts.js';

const cursor = new TimeCursor();
const figure = document.getElementById('core-chart');
const chart = new CoreChart(
  document.getElementById('core-chart-canvas'),
  document.getElementById('core-chart-legend'),
  document.getElementById('core-chart-readout'),
  { cursor, windowMs: Number(figure.dataset.windowMs), points: Number(figure.dataset.points) });
openStream(figure.dataset.stream, { cores: (sample) => chart.add(sample) }, figure);

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

const progress = document.getElementById('run-progress');
const bar = document.getElementById('run-progress-bar');
const progressText = document.getElementById('run-progress-text');
let followedRun = null;

/** The run has reached `micros` since its start: the lanes, the view and the core chart's shading follow. */
function runReached(micros) {
  lanes.extendTo(micros);
  view.setExtent(lanes.endMicros);
  chart.markRun(lanes.startEpochMillis, lanes.startEpochMillis + lanes.endMicros / 1000);
  timeline.invalidate();
}

function followRun(status) {
  const id = status.dataset.runId;
  if (!id || id === followedRun) return;
  followedRun = id;
  progress.hidden = false;
  bar.style.width = '0%';
  progressText.textContent = 'Queued';
  let measuring = false;
  const runStatus = statusOf(id);
  const close = openStream(status.dataset.events, {
    lanes: ({ workers, states, startEpochMillis, style, counted }) => {
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
    },
    counts: ({ samples }) => counts.add(samples),
    workers: ({ changes, capped }) => {
      lanes.add(changes);
      if (capped) document.getElementById('lanes-capped').hidden = false;
      runReached(lanes.endMicros);
    },
    progress: (p) => {
      bar.style.width = `${Math.round(p.fraction * 100)}%`;
      progressText.textContent = `${p.phase}: ${Math.round(p.fraction * 100)}%`;
      runStatus.progress(p);
      // Only the run's own execution moves its lanes on, not the one-worker run measured to compare with.
      if (measuring && p.stage === 'running') runReached(p.elapsedMillis * 1000);
    },
    summary: () => {
      showExplanation();
    },
    state: (event) => {
      runStatus.state(event);
      const { state } = event;
      if (state === 'done' || state === 'failed' || state === 'cancelled') {
        progressText.textContent = state === 'done' ? 'Done' : state[0].toUpperCase() + state.slice(1);
        if (state === 'done') bar.style.width = '100%';
        view.finish();
        close();
      }
    },
  }, progress);
}

/** The lesson's "what to notice", once a run is done; an instructor's console shows runs without the lesson's prose. */
function showExplanation() {
  const explanation = document.getElementById('explanation');
  if (explanation) explanation.hidden = false;
}

// The status element is replaced as the run moves on; follow whichever run it shows now.
document.body.addEventListener('htmx:afterSettle', () => {
  const status = document.getElementById('run-status');
  if (!status?.dataset.runId) return;
  followRun(status);
  if (status.dataset.runState === 'done') showExplanation();
});

for (const preset of document.querySelectorAll('.preset')) {
  preset.addEventListener('click', () => {
    document.querySelectorAll('.preset').forEach((b) => b.classList.toggle('selected', b === preset));
  });
}
