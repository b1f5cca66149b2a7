// Web Push in this browser: the service worker (/app/sw.js, served by the host), the permission
// (asked only from the settings toggle, never on load), the subscription with the host's VAPID key,
// and its registration with the host (POST /notifications/push-subscriptions).
import { api, seg } from './api.js';

const KEY = 'switchboard.pushSubscription';

export function supported() { return 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window; }

export function enabled() { return supported() && Notification.permission === 'granted' && !!localStorage.getItem(KEY); }

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

export async function enable() {
  if (!supported()) throw new Error('This browser cannot receive push notifications');
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('Notifications are blocked for this site in the browser');
  const registration = await navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
  await navigator.serviceWorker.ready;
  const { public_key: publicKey } = await api.get('/notifications/vapid-public-key');
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  const made = await api.post('/notifications/push-subscriptions', subscription.toJSON());
  localStorage.setItem(KEY, made.id);
}

export async function disable() {
  const id = localStorage.getItem(KEY);
  localStorage.removeItem(KEY);
  const registration = await navigator.serviceWorker?.getRegistration('/app/');
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  if (id) await api.del(`/notifications/push-subscriptions/${seg(id)}`).catch(() => {});
}
