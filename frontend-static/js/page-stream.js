// The page's one server-sent event stream. A browser opens at most six connections to one server, so a page
// holds one stream, whatever it shows: the cores, its class, the class's poll, the run it follows. The server
// renders what the page follows into <main data-stream> (/events?cores&class=CODE); each module of the page
// registers handlers for its events, and the stream opens once they all have (DOMContentLoaded).
//
// Resuming without gaps or duplicates: only a run's events carry an SSE id (the same on every server of a
// cluster); the browser sends the last one back by itself when it reconnects (Last-Event-ID), and the page sends
// it in the query (?lastEventId=) when it reopens the stream itself, which a new EventSource cannot put in the
// header. A run event seen before is never handled twice. Every other event is a sample or a whole state, which
// its module takes only when it is newer than what it has (a chart drops a sample it has; a class snapshot
// carries its version).
//
// The page reopens its stream itself when it follows another run (&run=ID), when the browser gave up on it (the
// server answered with an error, or was gone), and when the server says it is `leaving` (it is about to stop):
// then the page reconnects, to whichever server the load balancer gives it, after a short random pause, so that a
// class of a hundred does not come back in the same millisecond.

const MAX_BACKOFF_MS = 10_000;
const FIRST_BACKOFF_MS = 500;
/** A server that is leaving sends its pages elsewhere at once: they come back spread over this long. */
const LEAVING_SPREAD_MS = 1_000;

class PageStream {
  constructor(url) {
    this.base = url ? new URL(url, location.href) : null;
    /** name -> Set of handlers; a handler of a run event is marked `resumable`. */
    this.handlers = new Map();
    this.resumable = new Set();
    /** Query parameters that the page changes: run, class... (null removes one). */
    this.params = new Map();
    /** Query parameters read when the page reopens its stream, so that the server sends only what is new. */
    this.resumeParams = new Map();
    this.source = null;
    this.lastRunEventId = 0;
    this.backoff = FIRST_BACKOFF_MS;
    this.retryTimer = null;
    this.started = false;
    this.suspended = false;

    // A page the browser keeps in its back-forward cache keeps its open streams, and every request of the page in
    // front would wait for a free connection (measured: a preset took 15-20 s to load). So the stream lets go of
    // its connection when the page is put away, and resumes where it stopped if the page comes back.
    window.addEventListener('pagehide', () => {
      this.suspended = true;
      this.disconnect();
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted && this.suspended) {
        this.suspended = false;
        this.connect();
      }
    });
  }

  /** Calls `handle(data)` with each `name` event's parsed JSON; a run's events are `resumable` (they carry ids). */
  on(name, handle, { resumable = false } = {}) {
    if (!this.handlers.has(name)) {
      this.handlers.set(name, new Set());
      if (this.source) this.listen(this.source, name);
    }
    this.handlers.get(name).add(handle);
    if (resumable) this.resumable.add(name);
  }

  /** Asks for a query value that `read()` gives when the page reopens the stream: where it resumes. */
  resumeWith(name, read) {
    this.resumeParams.set(name, read);
  }

  /** Follows run `id` from its first event (the stream reopens for it); null follows none. */
  followRun(id) {
    if ((this.params.get('run') ?? null) === id) return;
    this.params.set('run', id);
    this.lastRunEventId = 0;
    if (this.started) this.connect();
  }

  /** Stops asking for `name` (a class that has ended) from the next time the stream opens. */
  forget(name) {
    this.params.set(name, null);
  }

  start() {
    if (this.started || !this.base) return;
    this.started = true;
    this.connect();
  }

  url() {
    const url = new URL(this.base);
    for (const [name, value] of this.params) {
      if (value == null) url.searchParams.delete(name); else url.searchParams.set(name, value);
    }
    if (this.params.get('run') && this.lastRunEventId) url.searchParams.set('lastEventId', String(this.lastRunEventId));
    for (const [name, read] of this.resumeParams) {
      const value = read();
      if (value != null) url.searchParams.set(name, String(value));
    }
    return url.pathname + url.search;
  }

  connect() {
    this.disconnect();
    if (this.suspended) return;
    const source = new EventSource(this.url());
    this.source = source;
    for (const name of this.handlers.keys()) this.listen(source, name);
    source.addEventListener('leaving', () => {
      if (this.source !== source) return;
      this.disconnect();
      this.retryTimer = setTimeout(() => this.connect(), Math.random() * LEAVING_SPREAD_MS);
    });
    source.onerror = () => {
      // While CONNECTING the browser retries by itself, with Last-Event-ID; CLOSED means it gave up.
      if (this.source !== source || source.readyState !== EventSource.CLOSED) return;
      this.disconnect();
      this.retryTimer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    };
  }

  listen(source, name) {
    source.addEventListener(name, (event) => {
      if (this.source !== source) return;
      this.backoff = FIRST_BACKOFF_MS;
      if (this.resumable.has(name)) {
        const id = Number(event.lastEventId);
        if (id && id <= this.lastRunEventId) return;
        if (id) this.lastRunEventId = id;
      }
      const data = JSON.parse(event.data);
      for (const handle of this.handlers.get(name)) handle(data);
    });
  }

  disconnect() {
    clearTimeout(this.retryTimer);
    if (this.source) this.source.close();
    this.source = null;
  }
}

/** The page's stream, shared by every module of the page. */
export const pageStream = new PageStream(document.querySelector('[data-stream]')?.dataset.stream);

// Module scripts run before DOMContentLoaded: by then every module has registered its handlers.
if (document.readyState === 'complete') pageStream.start();
document.addEventListener('DOMContentLoaded', () => pageStream.start(), { once: true });
window.addEventListener('load', () => pageStream.start(), { once: true });
