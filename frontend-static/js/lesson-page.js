// The lesson page: the live charts of the run the student follows, the lesson's "what to notice" once a run is
// done, and the preset the knobs came from.
import './live-charts.js';

document.body.addEventListener('htmx:afterSettle', () => {
  const status = document.getElementById('run-status');
  if (status?.dataset.runState === 'done') document.getElementById('explanation').hidden = false;
});

for (const preset of document.querySelectorAll('.preset')) {
  preset.addEventListener('click', () => {
    document.querySelectorAll('.preset').forEach((b) => b.classList.toggle('selected', b === preset));
  });
}
