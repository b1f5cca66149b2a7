// Consent on SMS: a customer who texted STOP (or whom Twilio reports as unsubscribed) gets no
// replies until they text START. The sms channel keeps the state on the contact (its
// `sms_consent` attribute: "opted out (STOP at …)") and refuses such replies before Twilio is
// called; the composer says so first, as it does for a closed reply window.
import { h } from './dom.js';
import { icon } from './icons.js';
import { SMS_PLUGINS } from './sms-segments.js';

const optedOut = (contact, ch) => SMS_PLUGINS.has(ch.plugin_id) && /^opted out/.test(contact?.attributes?.sms_consent || '');

/** The composer's note for an opted-out SMS customer (the conversation's contact), or null. */
export function smsConsentNote(contact, ch) {
  if (!optedOut(contact, ch)) return null;
  return h('span.sms-consent', { title: contact.attributes.sms_consent },
    icon('clock'), ' Opted out of texts until they send START');
}

/** Whether a reply may go on this conversation's SMS channel. */
export const smsConsentAllows = (contact, ch) => !optedOut(contact, ch);
