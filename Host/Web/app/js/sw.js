// The service worker for Web Push (served at /app/sw.js, scope /app/): shows what the host pushed,
// decrypted by the browser, and a click opens (or focuses) the app on the conversation.
self.addEventListener('push', (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch { data = { title: 'Switchboard', body: event.data?.text() || '' }; }
  event.waitUntil(self.registration.showNotification(data.title || 'Switchboard', {
    body: data.body || '', tag: data.id ? `notification-${data.id}` : undefined, data: { url: data.url || '/app' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/app', self.location.origin).href;
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => w.url.startsWith(self.location.origin + '/app'));
    if (open) { await open.navigate(url); return open.focus(); }
    return self.clients.openWindow(url);
  })());
});
