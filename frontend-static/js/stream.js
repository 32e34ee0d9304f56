// A server-sent event stream tied to an element of the page: it closes when the element leaves the page, and it
// reopens with capped backoff when the browser gives up on it. The browser's EventSource already resumes after a
// dropped connection and sends Last-Event-ID, so the server replays what was missed; a stream reopened here says
// where it stopped in the query (?lastEventId=), which a new EventSource cannot put in the header, and an event
// seen before is never handled twice. A stream whose every event is a whole state (a class's snapshot) needs none
// of that: it is opened with { resumable: false }, and a new server's event ids, which start again at 1, still count.

const MAX_BACKOFF_MS = 10_000;

/**
 * Opens `url` and calls `handlers[eventName](data)` with each event's parsed JSON.
 * Returns a function that closes the stream.
 */
export function openStream(url, handlers, owner, { resumable = true } = {}) {
  let source = null;
  let backoff = 500;
  let closed = false;
  let retryTimer = null;
  let lastId = 0;

  const connect = () => {
    if (closed) return;
    source = new EventSource(lastId ? `${url}${url.includes('?') ? '&' : '?'}lastEventId=${lastId}` : url);
    for (const [name, handle] of Object.entries(handlers)) {
      source.addEventListener(name, (event) => {
        backoff = 500;
        const id = resumable ? Number(event.lastEventId) : 0;
        if (id) {
          if (id <= lastId) return;
          lastId = id;
        }
        handle(JSON.parse(event.data));
      });
    }
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && !closed) {
        retryTimer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    };
  };

  // A page the browser keeps in its back-forward cache keeps its open streams, and a browser opens at most six
  // connections to one server: a student moving through a few lessons within a minute would find every request of
  // the page in front of them waiting until the old pages' streams timed out (measured: a preset took 15-20 s to
  // load). So the stream lets go of its connection when the page is put away, and resumes where it stopped if the
  // page comes back.
  const suspend = () => {
    clearTimeout(retryTimer);
    if (source) source.close();
    source = null;
  };
  const resume = (event) => {
    if (event.persisted && !closed) connect();
  };
  window.addEventListener('pagehide', suspend);
  window.addEventListener('pageshow', resume);

  const close = () => {
    closed = true;
    suspend();
    window.removeEventListener('pagehide', suspend);
    window.removeEventListener('pageshow', resume);
    observer.disconnect();
  };

  const observer = new MutationObserver(() => {
    if (owner && !owner.isConnected) close();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  connect();
  return close;
}
