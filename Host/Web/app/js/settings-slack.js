// Setting up a Slack channel (admins): the request URL to give Slack, what auth.test said about
// the bot token, and the app manifest with that URL filled in, to paste into Slack's "Create an
// app → From a manifest". All from the instance's plugin_status (the Slack plugin publishes it).
import { h, toast } from './dom.js';
import { icon } from './icons.js';
import { dialog } from './ui.js';
import { button, pill } from './admin-ui.js';

/** A "Slack app" button for a channel whose plugin publishes an app manifest, else null. */
export function slackAppButton(c) {
  const status = c.plugin_status;
  if (!status?.app_manifest) return null;
  return button('Slack app', () => showSlackApp(c), { iconName: 'external' });
}

function showSlackApp(c) {
  const s = c.plugin_status;
  const manifest = JSON.stringify(s.app_manifest, null, 2);
  const text = h('textarea.mono', { id: 'slack-manifest', rows: 16, readonly: true, spellcheck: 'false', 'aria-label': 'Slack app manifest' });
  text.value = manifest;
  const copy = async () => {
    try { await navigator.clipboard.writeText(manifest); toast('Manifest copied', 'success'); } catch { text.select(); toast('Select all and copy', 'info'); }
  };
  const health = s.auth_ok
    ? h('p', pill('connected', 'ok'), ` Workspace ${s.team || ''} (${s.team_id || '?'}), bot user @${s.bot_user || '?'}.`)
    : h('p', pill(s.needs_reconnect ? 'needs reconnect' : 'not connected', 'bad'), ` ${s.reason || 'auth.test has not answered yet.'}`);
  dialog({ title: `Slack app for ${c.name}`, wide: true, content: h('div.slack-app',
    health,
    h('p.muted.small', 'In Slack: Create an app → From a manifest, pick the workspace, paste this, install it, then copy the Bot User OAuth Token and the Signing Secret into the credentials this channel names. Invite the app to the channels it should post in.'),
    h('div.field', h('label', 'Request URL (Event Subscriptions)'), h('code#slack-request-url', s.request_url)),
    h('div.field', h('label', { for: 'slack-manifest' }, 'App manifest'), text),
    h('button.button.small', { type: 'button', onclick: copy }, icon('file'), 'Copy manifest')),
  actions: [{ label: 'Close', primary: true }] });
}
