// A run's status on the lesson page, driven by the run's stream alone. The server renders the status: its first
// showing, and again each time the stream says the run's state changed (queued, running, done, failed,
// cancelled: ids, never the words shown). Between two states the stream's events fill in what moves: the place
// in the queue, and the running figures.

/** The status of run `runId`, following its stream's `state` and `progress` events. */
export function statusOf(runId) {
  // One request for the fragment at a time; a change of state meanwhile asks for one more once it has ended.
  let fetching = false;
  let fetchAgain = false;

  /** The status element while it shows this run; null once another run has taken its place. */
  const shown = () => {
    const status = document.getElementById('run-status');
    return status?.dataset.runId === runId ? status : null;
  };

  const refresh = () => {
    const status = shown();
    if (!status) return;
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    window.htmx.ajax('GET', status.dataset.status, { target: status, swap: 'outerHTML' }).finally(() => {
      fetching = false;
      if (fetchAgain) {
        fetchAgain = false;
        refresh();
      }
    });
  };

  const fill = (status, selector, text) => {
    const element = status.querySelector(selector);
    if (element) element.textContent = String(text);
  };

  return {
    /** The run's state changed, or its place in the queue did. */
    state({ state, queuePosition }) {
      const status = shown();
      if (!status) return;
      if (status.dataset.runState !== state) refresh();
      else if (state === 'queued') fill(status, '.queue-position', queuePosition);
    },
    /** The run moved on: the running status's figures follow it. */
    progress({ phase, fraction, tasksDone, elapsedMillis }) {
      const status = shown();
      if (!status) return;
      // Progress means the run has left the queue: should its state event have been missed (a stream resumed
      // after the channel let go of it), the status still follows.
      if (status.dataset.runState === 'queued') refresh();
      if (status.dataset.runState !== 'running') return;
      fill(status, '.run-phase', phase);
      fill(status, '.run-elapsed', (elapsedMillis / 1000).toFixed(1));
      fill(status, '.run-percent', Math.round(fraction * 100));
      fill(status, '.run-tasks-done', tasksDone);
    },
  };
}
