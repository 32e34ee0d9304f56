// A class member's lesson page: follows the class's snapshots on the page's stream, shows and locks the GIL knobs
// the instructor set (the server enforces them on every run anyway; this shows the student what their run will
// use), and shows the run the instructor presents in the page's own run panel, where the live charts draw its
// lanes and result.
import { pageStream } from './page-stream.js';

const bar = document.getElementById('class-bar');
if (bar) followClass(bar);

function followClass(bar) {
  // The page as the server rendered it; every snapshot from the stream replaces it, unless it is older.
  let state = {
    open: true,
    locked: bar.dataset.locked === 'true',
    gil: bar.dataset.gil,
    switchIntervalMs: Number(bar.dataset.switchInterval),
    presentedRunId: null,
    version: Number(bar.dataset.version),
  };
  let shownPresentation = null;

  const show = () => {
    bar.querySelector('.class-lock').hidden = !(state.open && state.locked);
    bar.querySelector('.class-gil').textContent = state.gil;
    bar.querySelector('.class-interval').textContent = String(state.switchIntervalMs);
    bar.querySelector('.class-ended').hidden = state.open;
    bar.querySelector('.class-presenting').hidden = !(state.open && state.presentedRunId);
    bar.dataset.version = String(state.version);
    bar.dataset.locked = String(state.locked);
    bar.dataset.gil = state.gil;
    lockKnobs();
  };

  // The knobs are replaced whenever the student picks a preset: lock the new ones too.
  document.body.addEventListener('htmx:afterSettle', (event) => {
    if (event.target.id === 'knobs' || event.target.querySelector?.('#knobs')) lockKnobs();
  });

  function lockKnobs() {
    const knobs = document.getElementById('knobs');
    if (!knobs) return;
    const locked = state.open && state.locked;
    for (const [name, value] of [['gil', state.gil], ['switchInterval', String(state.switchIntervalMs)]]) {
      const field = knobs.querySelector(`[name="${name}"]`);
      if (!field) continue;
      const label = field.closest('label');
      let note = label.querySelector('.set-by-instructor');
      if (locked) {
        if (!field.disabled) field.dataset.ownValue = field.value;
        field.value = value;
        field.disabled = true;
        if (!note) {
          note = document.createElement('small');
          note.className = 'set-by-instructor';
          note.textContent = 'set by your instructor';
          label.append(note);
        }
      } else if (note) {
        // Unlocked: the knob is the student's again, with the value it had before.
        field.disabled = false;
        if (field.dataset.ownValue !== undefined) field.value = field.dataset.ownValue;
        note.remove();
      }
    }
  }

  async function showPresentedRun(runId) {
    shownPresentation = runId;
    // A run presented before a restart is gone from the server: then there is nothing to show.
    const response = await fetch(`/runs/${encodeURIComponent(runId)}/status`, { headers: { 'HX-Request': 'true' } });
    if (!response.ok || shownPresentation !== runId) return;
    // Swapped like any status the page gets, so the lesson page follows it: lanes, cores, progress, summary.
    window.htmx.swap('#run-status', await response.text(), { swapStyle: 'outerHTML' });
  }

  // Every snapshot is the class's whole state: one older than the one shown (a stream that came back sends the
  // last again, a server that missed news may send an older one) changes nothing.
  pageStream.on('class', (snapshot) => {
    if (snapshot.version < state.version || !state.open) return;
    state = snapshot;
    show();
    if (!state.open) {
      // The class has ended: the page's stream need not ask for it any more.
      pageStream.forget('class');
      return;
    }
    if (state.presentedRunId && state.presentedRunId !== shownPresentation) showPresentedRun(state.presentedRunId);
  });
  show();
}
