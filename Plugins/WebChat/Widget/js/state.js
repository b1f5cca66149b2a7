// The widget's state: where it came from, what it knows about the visitor and the conversation.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

var script = document.currentScript || findScriptTag();
// The address the page loaded us from reaches the host, whatever its configured public URL says.
var base = script && script.src ? script.src.replace(/\/widget\.js(?:[?#].*)?$/, "") : BOOT.base;
var site = script ? script.dataset : {};
var storageKey = "switchboard.webchat." + BOOT.id;

var ICONS = {
  chat: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>',
  close: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z"/></svg>',
  attach: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 6v11.5a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6H9v9.5a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v12.5a6 6 0 0 0 12 0V6z"/></svg>',
  move: '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M14 3l7 7-7 7v-4.1C9 12.9 5.5 14.5 3 18c1-5 4-10 11-11z"/></svg>'
};

var config = null;          // GET /config
var strings = BOOT.strings.en || {};
var session = loadSession(); // {token, visitorId}
var contact = {};
var conversationId = null;
var switched = null;
var lastId = 0;              // the highest message id shown
var seenSent = 0;            // the highest message id reported seen
var unread = 0;
var isOpen = false;
var events = null;           // EventSource
var rendered = {};           // message id → element
var typingTimer = 0, lastTypingSent = 0, seenTimer = 0, reconnectTimer = 0;
