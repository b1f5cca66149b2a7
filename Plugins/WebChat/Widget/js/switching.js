// Continuing elsewhere (POST /switch), and the banner that says where the conversation went.
// A part of widget.js: the plugin serves the parts inside its one function, in WidgetAssets.parts order.

function channelName(kind) { return t("channel_" + kind) || kind; }

// A phone opens a wa.me / m.me link in the app; a computer shows the QR code to scan with the phone.
function isPhone() {
  if (/Android|iPhone|iPad|iPod|Mobile/i.test(navigator.userAgent || "")) return true;
  return !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches && !window.matchMedia("(hover: hover)").matches);
}

// The QR code the host drew (an SVG document, never the visitor's or the page's text), inline:
// a page's img-src policy cannot block it.
function qrElement(svgText, label) {
  var parsed = new DOMParser().parseFromString(svgText, "image/svg+xml").documentElement;
  if (!parsed || parsed.nodeName !== "svg") return null;
  var svg = document.importNode(parsed, true);
  svg.setAttribute("aria-label", label);
  var box = el("span", "switch-qr");
  box.appendChild(svg);
  return box;
}

function showSwitched(info) {
  switched = info || null;
  banner.hidden = !switched;
  banner.textContent = "";
  var qr = switched && switched.link && switched.qr_svg && !isPhone()
    ? qrElement(switched.qr_svg, t("switch_qr", { channel: channelName(switched.kind) })) : null;
  if (qr) {
    // A computer: scan the code with the phone (WhatsApp lives there); the link still opens it here.
    banner.appendChild(document.createTextNode(t("switched_qr", { channel: channelName(switched.kind) }) + " "));
    banner.appendChild(qr);
    var here = el("a", "switch-link", t("switch_open_here", { channel: channelName(switched.kind) }));
    here.href = switched.link;
    here.target = "_blank";
    here.rel = "noopener noreferrer";
    banner.appendChild(here);
  } else if (switched && switched.link) {
    // Messenger: the visitor completes the move by writing there (the link carries a single-use ticket).
    banner.appendChild(document.createTextNode(t("switched_link", { channel: channelName(switched.kind) }) + " "));
    var open = el("a", "switch-link", t("switch_open", { channel: channelName(switched.kind) }));
    open.href = switched.link;
    open.target = "_blank";
    open.rel = "noopener noreferrer";
    banner.appendChild(open);
  } else if (switched) {
    banner.appendChild(document.createTextNode(t("switched_to", { channel: channelName(switched.kind), address: switched.address })));
    if (switched.waiting) banner.appendChild(el("span", null, " " + t("switched_waiting")));
  }
  updateMoveButton();
}

function updateMoveButton() {
  var offered = config && (config.switch_destinations || []).length > 0;
  $(".move").hidden = !offered || !conversationId;
}

function isByLink(kind) {
  return (config.switch_destinations || []).some(function (d) { return d.kind === kind && d.by_link; });
}

function addressFor(kind) { return kind === "email" ? contact.email : kind === "sms" || kind === "whatsapp" ? contact.phone : ""; }

function renderSwitcher() {
  switcher.textContent = "";
  var fieldset = el("fieldset");
  fieldset.appendChild(el("legend", null, t("switch_title")));
  (config.switch_destinations || []).forEach(function (destination, index) {
    var label = el("label", "choice");
    var radio = el("input");
    radio.type = "radio";
    radio.name = "kind";
    radio.value = destination.kind;
    radio.checked = index === 0;
    label.appendChild(radio);
    label.appendChild(el("span", null, channelName(destination.kind)));
    fieldset.appendChild(label);
  });
  switcher.appendChild(fieldset);
  var addressLabel = el("label");
  var address = el("input");
  address.name = "address";
  addressLabel.appendChild(address);
  switcher.appendChild(addressLabel);
  function sync() {
    var kind = switcher.querySelector('input[name="kind"]:checked').value;
    // Messenger (and WhatsApp once its channel runs) ask for no address: the visitor continues through a link.
    var byLink = isByLink(kind);
    address.hidden = byLink;
    address.required = !byLink;
    addressLabel.firstChild.textContent = byLink ? t("switch_link_" + kind) : t("switch_address_" + (kind === "email" ? "email" : "phone"));
    address.type = kind === "email" ? "email" : "tel";
    address.value = byLink ? "" : addressFor(kind) || "";
  }
  fieldset.addEventListener("change", sync);
  addressLabel.insertBefore(document.createTextNode(""), address);
  sync();
  var actions = el("div", "actions");
  var cancel = el("button", "secondary", t("cancel"));
  cancel.type = "button";
  cancel.addEventListener("click", hideSwitcher);
  var go = el("button", "primary", t("switch_submit"));
  go.type = "submit";
  actions.appendChild(cancel);
  actions.appendChild(go);
  switcher.appendChild(actions);
}

function showSwitcher() {
  renderSwitcher();
  switcher.hidden = false;
  log.hidden = true;
  composer.hidden = true;
  typingLine.hidden = true;
  switcher.querySelector('input[name="kind"]').focus();
}

function hideSwitcher() {
  switcher.hidden = true;
  log.hidden = false;
  composer.hidden = false;
  typingLine.hidden = false;
  showError("");
  $(".move").focus();
}

$(".move").addEventListener("click", function () { switcher.hidden ? showSwitcher() : hideSwitcher(); });

switcher.addEventListener("submit", function (event) {
  event.preventDefault();
  var kind = switcher.querySelector('input[name="kind"]:checked').value;
  var address = switcher.querySelector('input[name="address"]');
  // Opened now, inside the click, so a pop-up blocker lets it through; pointed at the link once it comes.
  // WhatsApp on a computer opens nothing: the banner shows the QR code to scan with the phone.
  var byLink = isByLink(kind);
  var messengerTab = byLink && !(kind === "whatsapp" && !isPhone()) ? window.open("", "_blank") : null;
  api("POST", "/switch", byLink ? { kind: kind } : { kind: kind, address: address.value.trim() }).then(function (r) {
    if (r.status !== 200) {
      if (messengerTab) messengerTab.close();
      if (r.body.field === "address") { address.setAttribute("aria-invalid", "true"); address.focus(); }
      return showError(r.body.message || t("error_generic"));
    }
    if (r.body.link && messengerTab) { messengerTab.opener = null; messengerTab.location.href = r.body.link; }
    showSwitched({ kind: r.body.kind, address: r.body.identity_value || "", waiting: r.body.waiting, link: r.body.link || null,
                   qr_svg: r.body.qr_svg || null });
    hideSwitcher();
    banner.focus();
  }).catch(function () { showError(t("error_generic")); });
});
