// The chart benchmark page: feeds both charts synthetic data on every frame and reports draw times and frame rate.
// Load: 16 cores x 600 points (plus the average) and 64 lanes, one new sample and one state change per lane per frame.
import { CoreChart } from './core-chart.js';
import { LaneData } from './lane-data.js';
import { Timeline } from './timeline.js';
import { TimeView } from './time-view.js';

const CORES = 16;
const LANES = 64;
const WINDOW_MS = 30_000;
const SAMPLE_STEP_MS = 50;
const POINTS = WINDOW_MS / SAMPLE_STEP_MS; // 600 points fill the window
const params = new URLSearchParams(location.search);
const seconds = Number(params.get('seconds')) || 10;
const only = params.get('only'); // 'cores', 'lanes' or 'none' to measure one chart alone
// ?feed=10: data at 10 Hz as the app sends it, while a cursor sweeps both charts on every frame (a student hovering)
const feedHz = Number(params.get('feed')) || 0;
const feedEvery = feedHz ? Math.max(1, Math.round(60 / feedHz)) : 1;
document.getElementById('bench-seconds').textContent = String(seconds);

const chart = new CoreChart(document.getElementById('bench-cores'), document.getElementById('bench-cores-legend'),
  document.getElementById('bench-cores-readout'), { windowMs: WINDOW_MS, points: POINTS });
const data = new LaneData();
const states = ['IDLE', 'RUNNING', 'WAITING_FOR_GIL', 'IO', 'NATIVE', 'BUILTIN', 'DONE'];
data.reset(LANES, states, 0, null);
const view = new TimeView();
view.reset(true); // live, as during a run: the axis runs ahead and rescales now and then
const timeline = new Timeline(document.getElementById('bench-lanes'), {
  data, view, readout: document.getElementById('bench-lanes-readout'),
});

/** Wraps a chart's paint so that every frame it draws is timed. */
function timed(target) {
  const times = [];
  const paint = target.paint.bind(target);
  target.paint = () => {
    const t0 = performance.now();
    const result = paint();
    times.push(performance.now() - t0);
    return result;
  };
  return times;
}
const coreTimes = timed(chart);
const laneTimes = timed(timeline);

// Fill the window first, so that every measured frame draws all 600 points of every line.
let epoch = Date.now() - POINTS * SAMPLE_STEP_MS;
let micros = 0;
let phase = 0;
function feed() {
  phase += 0.05;
  if (only === 'none') return;
  const cores = Array.from({ length: CORES }, (_, i) => 0.5 + 0.45 * Math.sin(phase + i * 0.7) * Math.cos(phase / 3 + i));
  if (only !== 'lanes') chart.add({ epochMillis: epoch += SAMPLE_STEP_MS, cores, total: cores.reduce((a, b) => a + b, 0) / CORES });
  if (only === 'cores') return;
  micros += 5000;
  data.add(Array.from({ length: LANES }, (_, w) => [w, 1 + ((w + Math.floor(micros / 5000)) % 5), micros + w]));
  view.setExtent(data.endMicros);
  timeline.invalidate();
}
for (let i = 0; i < 600; i++) feed();
coreTimes.length = 0;
laneTimes.length = 0;

const frames = [];
let last = null;
const end = performance.now() + seconds * 1000;
let frameCount = 0;
function frame(now) {
  if (last != null) frames.push(now - last);
  last = now;
  if (now < end) {
    if (++frameCount % feedEvery === 0) feed();
    if (feedHz) {
      const share = (frameCount % 120) / 120;
      chart.onCursor(epoch - (1 - share) * 30_000);
      timeline.onCursor(data.endMicros * share / 1000);
    }
    requestAnimationFrame(frame);
  } else {
    report();
  }
}
requestAnimationFrame(frame);

function pct(list, p) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}

function report() {
  const ms = (v) => v.toFixed(2);
  const fps = frames.length / (frames.reduce((a, b) => a + b, 0) / 1000);
  const result = [
    `load: ${CORES} cores x 600 points (+ average) and ${LANES} lanes (${data.changes.toLocaleString('en')} state changes), ` +
      (feedHz ? `new data at ${feedHz} Hz and a cursor moving over both charts every frame` : 'new data every frame'),
    `devicePixelRatio ${window.devicePixelRatio}, canvas ${chart.canvas.width}x${chart.canvas.height} and ${timeline.canvas.width}x${timeline.canvas.height} px`,
    `frames: ${frames.length} in ${seconds} s = ${fps.toFixed(1)} fps; frame interval p50 ${ms(pct(frames, 0.5))} ms, p99 ${ms(pct(frames, 0.99))} ms`,
    `core chart draw: p50 ${ms(pct(coreTimes, 0.5))} ms, p99 ${ms(pct(coreTimes, 0.99))} ms, max ${ms(Math.max(...coreTimes))} ms (${coreTimes.length} frames)`,
    `lanes draw: p50 ${ms(pct(laneTimes, 0.5))} ms, p99 ${ms(pct(laneTimes, 0.99))} ms, max ${ms(Math.max(...laneTimes))} ms (${laneTimes.length} frames)`,
  ].join('\n');
  const out = document.getElementById('bench-result');
  out.textContent = result;
  out.dataset.done = 'true';
  console.log(result);
}
