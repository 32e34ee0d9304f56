// htmx does not send the CSRF token by itself: every request of htmx that can change something carries the token of
// this page's session (from the layout's <meta> tags) as a header. Plain forms carry it as a hidden field instead.
// A classic script, loaded before htmx, so the listener is there before htmx's first request.
document.addEventListener('htmx:configRequest', (event) => {
  if (event.detail.verb === 'get') return;
  const token = document.querySelector('meta[name="csrf-token"]');
  const header = document.querySelector('meta[name="csrf-header"]');
  if (token && header) event.detail.headers[header.content] = token.content;
});
