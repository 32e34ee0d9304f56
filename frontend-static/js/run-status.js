// A run's status on the page, driven by the page's stream alone. The server renders the status when the run
// starts, with the words of every state the run may still pass through while active (waiting, running); the
// stream's `state` events show the right one by its id (data-when), never by words of this script's own, and
// fill in the place in the queue; `progress` events fill in the running figures and the one progress bar. Once
// the run has ended (done, failed, cancelled) the page asks for the status once more: that one response shows the
// result and brings up to date every element of the page that the run's end changed (out of band: the elements
// marked data-refresh-after-run, named in the request).

const FINISHED = new Set(['done', 'failed', 'cancelled']);

/** The ids of this page's elements that a finished run's response brings up to date. */
function refreshedElements() {
  return [...document.querySelectorAll('[data-refresh-after-run]')].map((element) => element.id).join(' ');
}

// Every response that shows a run may be a finished one: it names them all, whoever sent it (the form, Stop, a
// presented run, the finished run's own request).
document.body.addEventListener('htmx:configRequest', (event) => {
  if (event.detail.target?.id === 'run-status') event.detail.parameters.refresh = refreshedElements();
});

/** The status of run `runId`, following its stream's `state` and `progress` events. */
export function statusOf(runId) {
  let fetching = false;

  /** The status element while it shows this run; null once another run has taken its place. */
  const shown = () => {
    const status = document.getElementById('run-status');
    return status?.dataset.runId === runId ? status : null;
  };

  /** Shows the words of an active state, which the server rendered with the status. */
  const showActive = (status, state) => {
    status.classList.remove(status.dataset.runState);
    status.classList.add(state);
    status.dataset.runState = state;
    for (const part of status.querySelectorAll('[data-when]')) part.hidden = part.dataset.when !== state;
  };

  const fill = (status, selector, text) => {
    const element = status.querySelector(selector);
    if (element) element.textContent = String(text);
  };

  /** The run has ended: one request for its result and what its end changed on the page. */
  const showResult = (status) => {
    if (fetching) return;
    fetching = true;
    window.htmx.ajax('GET', status.dataset.status, { target: status, swap: 'outerHTML' })
      .finally(() => { fetching = false; });
  };

  return {
    /** The run's state changed, or its place in the queue did. */
    state({ state, queuePosition }) {
      const status = shown();
      if (!status || FINISHED.has(status.dataset.runState)) return;
      if (FINISHED.has(state)) {
        showResult(status);
        return;
      }
      showActive(status, state);
      if (state === 'queued') fill(status, '.queue-position', queuePosition);
    },
    /** The run moved on: the running status's figures follow it. */
    progress({ phase, fraction, tasksDone, elapsedMillis }) {
      const status = shown();
      if (!status || FINISHED.has(status.dataset.runState)) return;
      // Progress means the run has left the queue, should its state event have been missed.
      if (status.dataset.runState !== 'running') showActive(status, 'running');
      fill(status, '.run-phase', phase);
      fill(status, '.run-elapsed', (elapsedMillis / 1000).toFixed(1));
      fill(status, '.run-tasks-done', tasksDone);
      const bar = status.querySelector('.run-fraction');
      if (bar) bar.value = fraction;
    },
  };
}
