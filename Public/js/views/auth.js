// Sign up and log in.
import { h, labelled, notice } from '../dom.js';
import { api } from '../api.js';

export async function render(main, { name, query, go, signedIn }) {
  const signup = name === 'signup';
  const status = h('div', { 'aria-live': 'assertive' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'email', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: signup ? 'new-password' : 'current-password',
    required: true, minlength: signup ? '8' : null });
  const displayName = signup ? h('input', { type: 'text', name: 'displayName', autocomplete: 'nickname', required: true, maxlength: '80' }) : null;
  const submit = h('button', { type: 'submit' }, signup ? 'Create account' : 'Log in');
  const form = h('form.card.narrow', { novalidate: false },
    signup ? labelled('Display name', displayName) : null,
    labelled('Email', email),
    labelled('Password', password, signup ? 'At least 8 characters.' : null),
    submit, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    submit.disabled = true;
    try {
      if (signup) {
        await api('/auth/register', { method: 'POST', body: { email: email.value.trim(), password: password.value, displayName: displayName.value.trim() } });
      }
      // Register answers a token too, but login also gives the refresh token where the server has one.
      const data = await api('/auth/login', { method: 'POST', body: { email: email.value.trim(), password: password.value } });
      await signedIn(data);
      go(query.get('next') || '/lessons');
    } catch (e) {
      status.append(notice(e.offline ? 'You are offline: signing in needs the network.' : e.message, 'error'));
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h('h1', signup ? 'Sign up' : 'Log in'), form,
    h('p', signup ? 'Already have an account? ' : 'New here? ',
      h('a', { href: signup ? '#/login' : '#/signup' }, signup ? 'Log in' : 'Create an account')));
}
