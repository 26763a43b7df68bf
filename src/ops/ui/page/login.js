import { api } from './api.js';
import { byId } from './dom.js';

const form = /** @type {HTMLFormElement} */ (byId('login'));
const error = byId('error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  error.textContent = '';
  const { status, body } = await api('login', { method: 'POST', body: { user: String(fields.get('user') ?? ''), password: String(fields.get('password') ?? '') } });
  if (status === 204) location.assign('/ui');
  else error.textContent = body.error ?? `login failed (${status})`;
});
