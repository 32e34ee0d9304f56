// A server-sent event stream tied to an element of the page: it closes when the element leaves the page, and it
// reopens with capped backoff when the browser gives up on it. The browser's EventSource already resumes after a
// dropped connection and sends Last-Event-ID, so the server replays what was missed; a stream reopened here says
// where it stopped in the query (?lastEventId=), which a new EventSource cannot put in the header, and an event
// seen before is never handled twice.

const MAX_BACKOFF_MS = 10_000;

/**
 * Opens `url` and calls `handlers[eventName](data)` with each event's parsed JSON.
 * Returns a function that closes the stream.
 */
export function openStream(url, handlers, owner) {
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
        const id = Number(event.lastEventId);
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

  const close = () => {
    closed = true;
    clearTimeout(retryTimer);
    if (source) source.close();
    observer.disconnect();
  };

  const observer = new MutationObserver(() => {
    if (owner && !owner.isConnected) close();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  connect();
  return close;
}
