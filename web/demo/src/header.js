// The top bar (brand, signed-in user, sign in / out) and the sign-in and profile dialogs.

import {
  app, h, icon, button, avatarImg, dialog, field, toast, signIn, signOut, saveProfile,
  AVATARS, SDKAPPID, DEFAULT_SDKAPPID, USER_ID_RE, setSdkAppID, pageUrl, letterAvatar,
} from './common.js';

/** Hooks a page registers: run around a sign-in (e.g. leave and re-enter the room). */
const hooks = { before: [], after: [] };
export function onSignIn({ before, after }) {
  if (before) hooks.before.push(before);
  if (after) hooks.after.push(after);
}

/** Opens the sign-in dialog; resolves true once signed in. */
export async function openLogin(reason) {
  if (app.session) return true;
  const userInput = h('input', { class: 'input', 'data-testid': 'login-userid', placeholder: 'e.g. anna', autocomplete: 'username', maxlength: '32', spellcheck: 'false', value: new URLSearchParams(location.search).get('login') || undefined });
  const appInput = h('input', { class: 'input', 'data-testid': 'login-sdkappid', inputmode: 'numeric', value: String(SDKAPPID) });
  const advanced = h('details', { class: 'advanced' },
    h('summary', {}, 'Application'),
    field('SDKAppID', appInput, `The liveroom application to use (default ${DEFAULT_SDKAPPID}).`));
  const body = h('div', { class: 'stack' },
    reason ? h('p', { class: 'lead' }, reason) : null,
    field('User ID', userInput, 'Letters, digits and _ - @ . — up to 32 characters.'),
    advanced,
    h('div', { class: 'dev-note', 'data-testid': 'dev-note' }, icon('alert'),
      h('div', {}, h('b', {}, 'Development sign-in. '),
        'The UserSig is issued by this server\u2019s ', h('code', {}, 'POST /api/dev/usersig'),
        ', which signs for anyone and is meant for development only. A real deployment signs UserSigs on its own backend.')));
  const ok = await dialog({
    title: 'Sign in',
    subtitle: 'Chat, like and go live with a user ID.',
    testid: 'login-dialog',
    body,
    actions: [{
      label: 'Sign in',
      primary: true,
      testid: 'login-submit',
      onclick: async () => {
        const userID = userInput.value.trim();
        const appID = appInput.value.trim();
        if (!/^\d+$/.test(appID)) throw new Error('The SDKAppID is a number.');
        if (Number(appID) !== SDKAPPID) {
          // The IM is one per page and per application: switch by reloading.
          setSdkAppID(appID);
          const u = new URL(location.href);
          u.searchParams.set('sdkappid', appID);
          u.searchParams.set('login', userID);
          location.href = u.href;
          return false;
        }
        if (!USER_ID_RE.test(userID)) throw new Error('Enter a user ID: letters, digits and _ - @ . (up to 32).');
        for (const fn of hooks.before) await fn();
        try {
          await signIn(userID);
        } finally {
          for (const fn of hooks.after) await fn();
        }
        toast(`Welcome, ${app.nick}!`);
        return true;
      },
    }],
  });
  return ok === true;
}

/** The profile dialog: nick and avatar (setMyProfile). */
export async function openProfile() {
  if (!app.session) return;
  const current = app.profile || {};
  const nickInput = h('input', { class: 'input', 'data-testid': 'profile-nick', maxlength: '32', value: current.nick || app.userID });
  let chosen = current.avatar || '';
  const urlInput = h('input', { class: 'input', 'data-testid': 'profile-avatar-url', placeholder: 'https://…', value: chosen && !AVATARS.includes(chosen) ? chosen : '' });
  const preview = h('div', { class: 'profile-preview' });
  const renderPreview = () => {
    preview.replaceChildren(avatarImg(chosen, nickInput.value || app.userID, 'avatar avatar-lg'),
      h('div', {}, h('b', {}, nickInput.value || app.userID), h('div', { class: 'muted' }, `@${app.userID}`)));
  };
  const options = AVATARS.map((url, i) => {
    const b = h('button', { type: 'button', class: 'avatar-option', 'data-testid': 'profile-avatar-option', 'data-avatar': url, 'aria-label': `Avatar ${i + 1}` }, avatarImg(url, '', 'avatar'));
    b.addEventListener('click', () => {
      chosen = url;
      urlInput.value = '';
      mark();
      renderPreview();
    });
    return b;
  });
  const letter = h('button', { type: 'button', class: 'avatar-option', 'data-testid': 'profile-avatar-none', 'aria-label': 'No picture' }, h('img', { class: 'avatar', src: letterAvatar(app.userID), alt: '' }));
  letter.addEventListener('click', () => {
    chosen = '';
    urlInput.value = '';
    mark();
    renderPreview();
  });
  const mark = () => {
    for (const o of options) o.classList.toggle('selected', o.dataset.avatar === chosen);
    letter.classList.toggle('selected', !chosen);
  };
  urlInput.addEventListener('input', () => {
    chosen = urlInput.value.trim();
    mark();
    renderPreview();
  });
  nickInput.addEventListener('input', renderPreview);
  mark();
  renderPreview();
  await dialog({
    title: 'Edit profile',
    subtitle: 'Your nick and picture appear on every message you send.',
    testid: 'profile-dialog',
    body: h('div', { class: 'stack' }, preview, field('Nickname', nickInput),
      h('div', { class: 'field' }, h('span', { class: 'field-label' }, 'Picture'), h('div', { class: 'avatar-grid' }, letter, options)),
      field('…or an image URL', urlInput, 'Must start with http:// or https://')),
    actions: [
      { label: 'Cancel' },
      {
        label: 'Save',
        primary: true,
        testid: 'profile-save',
        onclick: async () => {
          const nick = nickInput.value.trim();
          if (!nick) throw new Error('Choose a nickname.');
          if (chosen && !/^https?:\/\//.test(chosen)) throw new Error('The picture URL must start with http:// or https://');
          await saveProfile({ nick, avatar: chosen });
          toast('Profile saved');
        },
      },
    ],
  });
}

/**
 * Renders the header into `root`. `center` is an optional node (page title etc.).
 */
export function mountHeader(root, { center } = {}) {
  const userBox = h('div', { class: 'header-user' });
  const netBadge = h('div', { class: 'net-badge', 'data-testid': 'net-state', hidden: true });
  const render = () => {
    netBadge.hidden = app.net === 'connected' || !app.session;
    netBadge.replaceChildren(icon('wifi'), h('span', {}, app.net === 'connecting' ? 'Reconnecting…' : 'Offline'));
    if (!app.session) {
      userBox.replaceChildren(button('Sign in', { cls: 'btn btn-primary btn-sm', iconName: 'user', testid: 'login-button', onclick: () => openLogin() }));
      return;
    }
    const menu = h('div', { class: 'menu', 'data-testid': 'user-menu', hidden: true },
      h('div', { class: 'menu-head' }, h('b', {}, app.nick), h('span', { class: 'muted' }, `@${app.userID}`)),
      button('Edit profile', { cls: 'menu-item', iconName: 'edit', testid: 'profile-button', onclick: () => { menu.hidden = true; openProfile(); } }),
      button('Sign out', { cls: 'menu-item', iconName: 'logout', testid: 'logout-button', onclick: async () => { menu.hidden = true; await signOut(); toast('Signed out'); } }));
    const chip = h('button', { class: 'user-chip', type: 'button', 'data-testid': 'user-chip', 'aria-haspopup': 'menu' },
      avatarImg(app.profile && app.profile.avatar, app.nick, 'avatar avatar-sm', 'user-avatar'),
      h('span', { class: 'user-nick', 'data-testid': 'user-nick' }, app.nick));
    chip.addEventListener('click', (e) => {
      e.stopPropagation();
      menu.hidden = !menu.hidden;
    });
    document.addEventListener('click', (e) => {
      if (!menu.contains(e.target)) menu.hidden = true;
    });
    userBox.replaceChildren(chip, menu);
  };
  app.on(render);
  render();
  root.replaceChildren(h('header', { class: 'topbar' },
    h('a', { class: 'brand', href: pageUrl('/'), 'data-testid': 'brand' },
      h('span', { class: 'brand-mark' }, icon('broadcast')), h('span', { class: 'brand-name' }, 'liveroom')),
    h('div', { class: 'topbar-center' }, center || null),
    netBadge,
    userBox));
}
