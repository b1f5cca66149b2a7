// Two-factor sign-in: the code step after the password, enrolling an authenticator app (QR code
// drawn by the host) with its recovery codes shown once, and the person's own status.
import { api } from './api.js';
import { h, clear, toast } from './dom.js';

/** The second sign-in step: a 6-digit code (or a recovery code) for the challenge the password earned. */
export function codeForm({ challenge, onSignedIn, onRestart }) {
  let useRecovery = false;
  const input = h('input', { id: 'totp-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*', maxlength: 6, required: true });
  const label = h('label', { for: 'totp-code' }, 'Code from your authenticator app');
  const error = h('div.form-error', { role: 'alert', id: 'code-error' });
  const submit = h('button.button.primary.wide', { type: 'submit', id: 'verify-code' }, 'Verify');
  const toggle = h('button.link-button', { type: 'button', id: 'use-recovery' }, 'Use a recovery code instead');
  toggle.addEventListener('click', () => {
    useRecovery = !useRecovery;
    label.textContent = useRecovery ? 'Recovery code' : 'Code from your authenticator app';
    toggle.textContent = useRecovery ? 'Use a code from the app' : 'Use a recovery code instead';
    Object.assign(input, { value: '', inputMode: useRecovery ? 'text' : 'numeric', maxLength: useRecovery ? 11 : 6, autocomplete: useRecovery ? 'off' : 'one-time-code' });
    input.removeAttribute('pattern');
    input.focus();
  });
  const formEl = h('form.signin-card', { 'aria-labelledby': 'code-title', novalidate: true },
    h('div.brand', h('span.brand-mark', { 'aria-hidden': 'true' }), h('span', 'Switchboard')),
    h('h1#code-title', 'Two-factor sign-in'),
    h('p.muted', 'Enter the 6-digit code your authenticator app shows for Switchboard.'),
    h('div.field', label, input), error, submit, toggle);
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) { error.textContent = 'Enter the code.'; return; }
    submit.disabled = true;
    try {
      onSignedIn(await api.post('/session/second-factor', useRecovery ? { challenge, recovery_code: value } : { challenge, code: value }));
    } catch (err) {
      if (err.code === 'challenge_expired') return onRestart('That sign-in expired. Enter your password again.');
      error.textContent = err.status === 401 ? 'That code is wrong or was already used. Wait for the next code and try again.'
        : err.status === 429 ? 'Too many attempts. Wait a few minutes and try again.' : err.message;
      submit.disabled = false;
      input.select();
    }
  });
  setTimeout(() => input.focus());
  return formEl;
}

/** Enrolment: scan, confirm with a first code, keep the recovery codes; onDone when they are saved. */
export function enrolmentPanel({ onDone, required = false }) {
  const body = h('div.enrol-body', h('p.muted', 'Preparing…'));
  const panel = h('section.enrol', { 'aria-labelledby': 'enrol-title' },
    h('h1#enrol-title', 'Set up two-factor sign-in'),
    required ? h('p.notice', { id: 'enrol-required' }, 'Your administrator requires a second factor for your account. Set it up to continue.') : null,
    body);
  api.post('/me/two-factor/totp').then((enrolment) => showSecret(body, enrolment, onDone)).catch((err) => clear(body, h('div.form-error', { role: 'alert' }, err.message)));
  return panel;
}

function showSecret(body, enrolment, onDone) {
  const qr = h('img.qr', { id: 'totp-qr', alt: 'QR code for your authenticator app', width: 200, height: 200,
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qr_svg)}` });
  const code = h('input', { id: 'enrol-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 6, required: true });
  const error = h('div.form-error', { role: 'alert', id: 'enrol-error' });
  const confirm = h('button.button.primary', { type: 'submit', id: 'enrol-confirm' }, 'Turn on');
  const formEl = h('form.enrol-step', { novalidate: true },
    h('ol.enrol-steps',
      h('li', 'Scan this code with an authenticator app (Google Authenticator, 1Password, Authy, FreeOTP…).'),
      h('li', 'Or type this key into the app: ', h('code.secret', { id: 'totp-secret' }, enrolment.secret.replace(/(.{4})/g, '$1 ').trim())),
      h('li', 'Enter the 6-digit code the app shows.')),
    qr, h('div.field', h('label', { for: 'enrol-code' }, 'Code'), code), error, confirm);
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    confirm.disabled = true;
    try {
      const done = await api.post('/me/two-factor/totp/confirm', { code: code.value.trim() });
      showRecoveryCodes(body, done.recovery_codes, onDone);
    } catch (err) {
      error.textContent = err.field === 'code' ? 'That code does not match. Check the app shows the code for Switchboard and try the next one.' : err.message;
      confirm.disabled = false;
      code.select();
    }
  });
  clear(body, formEl);
  code.focus();
}

export function showRecoveryCodes(body, codes, onDone) {
  const list = h('ol.recovery-codes', { id: 'recovery-codes' }, codes.map((c) => h('li', h('code', c))));
  const copy = h('button.button', { type: 'button', onclick: () => navigator.clipboard?.writeText(codes.join('\n')).then(() => toast('Copied'), () => {}) }, 'Copy');
  const saved = h('button.button.primary', { type: 'button', id: 'recovery-saved', onclick: () => onDone() }, 'I have saved them');
  clear(body,
    h('p', h('strong', 'Two-factor sign-in is on. '), 'Keep these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown only now.'),
    list, h('div.row-actions', copy, saved));
  saved.focus();
}
