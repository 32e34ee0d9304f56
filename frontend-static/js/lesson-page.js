// The lesson page: the live core chart, and each run's progress and result as its status arrives.
import { openStream } from './stream.js';
import { CoreChart } from './core-chart.js';
import { Timeline } from './timeline.js';

const figure = document.getElementById('core-chart');
const chart = new CoreChart(
  document.getElementById('core-chart-canvas'),
  document.getElementById('core-chart-legend'),
  document.getElementById('core-chart-readout'));
openStream(figure.dataset.stream, { cores: (sample) => chart.add(sample) }, figure);

const lanesFigure = document.getElementById('lanes');
const timeline = new Timeline(
  document.getElementById('lanes-canvas'),
  document.getElementById('lanes-legend'),
  document.getElementById('lanes-readout'));

const progress = document.getElementById('run-progress');
const bar = document.getElementById('run-progress-bar');
const progressText = document.getElementById('run-progress-text');
let followedRun = null;

function followRun(status) {
  const id = status.dataset.runId;
  if (!id || id === followedRun) return;
  followedRun = id;
  progress.hidden = false;
  bar.style.width = '0%';
  progressText.textContent = 'Queued';
  const close = openStream(status.dataset.events, {
    lanes: ({ workers, states }) => {
      lanesFigure.hidden = false;
      timeline.reset(workers, states);
    },
    workers: ({ changes, capped }) => timeline.add(changes, capped),
    progress: (p) => {
      bar.style.width = `${Math.round(p.fraction * 100)}%`;
      progressText.textContent = `${p.phase}: ${Math.round(p.fraction * 100)}%`;
    },
    summary: () => {
      document.getElementById('explanation').hidden = false;
    },
    state: ({ state }) => {
      if (state === 'done' || state === 'failed' || state === 'cancelled') {
        progressText.textContent = state === 'done' ? 'Done' : state[0].toUpperCase() + state.slice(1);
        if (state === 'done') bar.style.width = '100%';
        close();
      }
    },
  }, progress);
}

// The status element is replaced as the run moves on; follow whichever run it shows now.
document.body.addEventListener('htmx:afterSettle', () => {
  const status = document.getElementById('run-status');
  if (!status?.dataset.runId) return;
  followRun(status);
  if (status.dataset.runState === 'done') document.getElementById('explanation').hidden = false;
});

for (const preset of document.querySelectorAll('.preset')) {
  preset.addEventListener('click', () => {
    document.querySelectorAll('.preset').forEach((b) => b.classList.toggle('selected', b === preset));
  });
}
