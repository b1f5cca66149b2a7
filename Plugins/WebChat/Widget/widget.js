/*
 * Switchboard web chat widget: served as /hooks/<widget id>/widget.js and embedded with one tag:
 *   <script src="https://HOST/hooks/<widget id>/widget.js" async></script>
 * (optional data-user-id, data-user-hash, data-user-name, data-user-email for a logged-in user).
 *
 * Plain JavaScript, no build step, no external assets. This file is the shell: when the plugin
 * serves it, it replaces the boot placeholder with {id, base, css, strings} and the parts
 * placeholder with the files of js/ (one concern each, sharing this function's scope, in the
 * order of WidgetAssets.parts). Everything lives in a shadow root, so the page's CSS cannot break it. The visitor token is kept in localStorage, so a
 * reload or another tab continues the same conversation. Replies arrive over Server-Sent Events,
 * which resume after the last message id when the connection comes back.
 */
(function () {
  "use strict";

  var BOOT = __SWITCHBOARD_WIDGET_BOOT__;
  var registry = (window.__switchboardWebChat = window.__switchboardWebChat || {});
  if (registry[BOOT.id]) return; // the tag is on the page twice

  __SWITCHBOARD_WIDGET_PARTS__
})();
