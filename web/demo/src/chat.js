// The chat panel of a live room: messages with nick, avatar and time, join / leave and
// live notices, an emoji picker, images (picked with the image button, sent with
// IM.sendImageMessage, shown as thumbnails that open the original), failed-send marking,
// and likes with floating hearts.

import { app, h, icon, button, avatarImg, clock, compact, errorText, toast, EVENT } from './common.js';
import { openLogin } from './header.js';
import { EMOJI } from './emoji.js';

const MAX_MESSAGES = 300;
const MAX_HEARTS = 14; // on screen at once
/** The box an image fits in, in the chat list (CSS --img-max-w / --img-max-h; smaller on phones). */
const IMAGE_BOX = { w: 200, h: 240 };

/** `imageInfoArray`'s entry of `type` (0 original, 1 large, 2 thumbnail), else the first. */
function imageInfo(payload, type) {
  const infos = (payload && payload.imageInfoArray) || [];
  return infos.find((i) => i && i.type === type) || infos[0] || null;
}

/** The size an image is shown at: its own, scaled down to fit IMAGE_BOX. */
function shownSize(width, height) {
  const scale = Math.min(1, IMAGE_BOX.w / width, IMAGE_BOX.h / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * @param {object} o
 * @param {string} o.roomID
 * @param {() => string} [o.anchorNick] the anchor's display name, for notices
 * @param {(kind: string, msg: object) => void} [o.onNotice] told about 'live-started' / 'push-stopped'
 */
export function createChat({ roomID, onNotice = () => {} }) {
  const im = app.im;
  const seen = new Set();
  let likes = 0;
  let stick = true;

  const list = h('ol', { class: 'chat-list', 'data-testid': 'chat-list', 'aria-live': 'polite' });
  const empty = h('li', { class: 'chat-empty', 'data-testid': 'chat-empty' }, icon('smile'), h('span', {}, 'Say hi to everyone here!'));
  list.append(empty);
  const newPill = button('New messages', { cls: 'new-pill', testid: 'new-messages', onclick: () => scrollDown(true) });
  newPill.hidden = true;
  const input = h('input', { class: 'chat-input', 'data-testid': 'chat-input', maxlength: '500', autocomplete: 'off', enterkeyhint: 'send' });
  const emojiPanel = h('div', { class: 'emoji-panel', 'data-testid': 'emoji-panel', hidden: true, role: 'listbox', 'aria-label': 'Emoji' },
    EMOJI.map((e) => h('button', { type: 'button', class: 'emoji', 'data-testid': 'emoji', 'data-emoji': e, onclick: () => insertEmoji(e) }, e)));
  const emojiBtn = button('', { cls: 'icon-btn emoji-btn', iconName: 'smile', testid: 'emoji-button', title: 'Emoji', onclick: (e) => { e.stopPropagation(); emojiPanel.hidden = !emojiPanel.hidden; } });
  const sendBtn = button('', { cls: 'icon-btn send-btn', iconName: 'send', testid: 'chat-send', title: 'Send', onclick: () => send() });
  const imageInput = h('input', { type: 'file', accept: 'image/*', hidden: true, class: 'image-input', 'data-testid': 'chat-image-input', 'aria-hidden': 'true', tabindex: '-1' });
  const imageBtn = button('', { cls: 'icon-btn image-btn', iconName: 'image', testid: 'chat-image-button', title: 'Send an image', onclick: () => pickImage() });
  imageInput.addEventListener('change', () => {
    const file = imageInput.files && imageInput.files[0];
    imageInput.value = ''; // the same file can be picked again
    if (file) sendImage(file);
  });
  const likeCount = h('span', { class: 'like-count', 'data-testid': 'like-count' }, '0');
  const likeBtn = h('button', { class: 'like-btn', type: 'button', 'data-testid': 'like-button', 'aria-label': 'Like', onclick: () => like() }, icon('heart'), likeCount);
  const likeLayer = h('div', { class: 'like-layer', 'data-testid': 'like-layer', 'aria-hidden': 'true' });
  const composer = h('div', { class: 'composer' }, emojiBtn, imageBtn, imageInput, input, sendBtn);
  const el = h('section', { class: 'chat', 'data-testid': 'chat' },
    h('div', { class: 'chat-head' }, h('h3', {}, 'Live chat'), h('span', { class: 'muted chat-count', 'data-testid': 'chat-members' })),
    h('div', { class: 'chat-scroll' }, list, newPill),
    h('div', { class: 'chat-foot' }, emojiPanel, composer, likeBtn));
  document.addEventListener('click', (e) => {
    if (!emojiPanel.contains(e.target)) emojiPanel.hidden = true;
  });

  list.addEventListener('scroll', () => {
    stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 24;
    if (stick) newPill.hidden = true;
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });
  input.addEventListener('focus', () => {
    if (!app.session) {
      input.blur();
      openLogin('Sign in to chat in this room.');
    }
  });
  const renderState = () => {
    input.placeholder = app.session ? 'Say something nice…' : 'Sign in to chat';
    el.classList.toggle('signed-out', !app.session);
  };
  app.on(renderState);
  renderState();

  function scrollDown(force) {
    if (force || stick) {
      list.scrollTop = list.scrollHeight;
      stick = true;
      newPill.hidden = true;
    } else {
      newPill.hidden = false;
    }
  }

  function push(node) {
    empty.remove();
    list.append(node);
    while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
    scrollDown(false);
  }

  function messageNode(msg, { own = false, status = 'success' } = {}) {
    const nick = msg.nick || msg.from;
    const isImage = msg.type === 'TIMImageElem';
    const text = isImage ? imageNode(msg, nick) : h('div', { class: 'msg-text', 'data-testid': 'chat-text' }, msg.payload ? msg.payload.text : '');
    const statusEl = h('div', { class: 'msg-status', 'data-testid': 'chat-status' });
    const node = h('li', { class: `msg${own ? ' msg-own' : ''}${isImage ? ' msg-image-msg' : ''}`, 'data-testid': 'chat-message', 'data-type': isImage ? 'image' : 'text', 'data-from': msg.from, 'data-status': status },
      avatarImg(msg.avatar, nick, 'avatar msg-avatar', 'chat-avatar'),
      h('div', { class: 'msg-body' },
        h('div', { class: 'msg-meta' },
          h('span', { class: 'msg-nick', 'data-testid': 'chat-nick', style: `color:${own ? 'var(--accent-2)' : ''}` }, nick),
          h('time', { class: 'msg-time', 'data-testid': 'chat-time' }, clock(msg.time || Date.now() / 1000))),
        text, statusEl));
    node.setStatus = (s, err, retry) => {
      node.dataset.status = s;
      statusEl.replaceChildren();
      if (s === 'sending') statusEl.append(h('span', { class: 'muted' }, 'Sending…'));
      if (s === 'fail') {
        statusEl.append(icon('alert'), h('span', { 'data-testid': 'chat-error' }, `Not sent: ${errorText(err)}`));
        if (retry) statusEl.append(button('Retry', { cls: 'link-btn', testid: 'chat-retry', onclick: retry }));
      }
    };
    node.setStatus(status);
    node.content = text;
    return node;
  }

  /**
   * An image message's picture: the thumbnail (type 2) at a size that fits IMAGE_BOX, lazily
   * loaded, linking to the original (type 0) in a new tab. A message sent from this page
   * shows the picked file (`msg.localUrl`) until the server's URLs are known.
   */
  function imageNode(msg, nick) {
    const thumb = imageInfo(msg.payload, 2);
    const original = imageInfo(msg.payload, 0);
    const img = h('img', { class: 'msg-img', 'data-testid': 'chat-image', loading: 'lazy', decoding: 'async', alt: `Image from ${nick}`, draggable: 'false' });
    const link = h('a', { class: 'msg-image', 'data-testid': 'chat-image-link', target: '_blank', rel: 'noopener noreferrer', title: 'Open the original image' }, img);
    link.addEventListener('click', (e) => {
      if (!link.getAttribute('href')) e.preventDefault();
    });
    // The attributes reserve the box before the image loads (so the list does not jump);
    // with the natural size known, style.css fits it to the layout's box (--img-max-w/h).
    const size = (w, hgt) => {
      if (!(w > 0 && hgt > 0)) return;
      const s = shownSize(w, hgt);
      img.width = s.width;
      img.height = s.height;
      img.style.setProperty('--iw', String(w));
      img.style.setProperty('--ih', String(hgt));
      img.classList.add('sized');
    };
    img.addEventListener('error', () => {
      link.classList.add('msg-image-broken');
      link.dataset.broken = 'true';
    });
    img.addEventListener('load', () => {
      link.classList.remove('msg-image-broken');
      delete link.dataset.broken;
      if (!img.classList.contains('sized')) size(img.naturalWidth, img.naturalHeight);
    });
    /** Shows the server's image (after the local preview of an own message). */
    link.setImage = (payload) => {
      const t = imageInfo(payload, 2);
      const o = imageInfo(payload, 0);
      if (!t) return;
      size(t.width, t.height);
      const preview = img.src;
      if (preview.startsWith('blob:')) img.addEventListener('load', () => URL.revokeObjectURL(preview), { once: true });
      img.src = t.url;
      if (o) link.href = o.url;
      link.dataset.uuid = payload.uuid || '';
    };
    if (thumb) {
      size(thumb.width, thumb.height);
      img.src = thumb.url;
      if (original) link.href = original.url;
      link.dataset.uuid = (msg.payload && msg.payload.uuid) || '';
    } else if (msg.localUrl) {
      // A placeholder box until the picked file has decoded (then its own size).
      img.width = 120;
      img.height = 90;
      img.src = msg.localUrl;
    }
    return link;
  }

  function tip(kind, text, iconName) {
    const node = h('li', { class: `tip tip-${kind}`, 'data-testid': 'chat-tip', 'data-kind': kind }, icon(iconName), h('span', {}, text));
    push(node);
    if (kind === 'join' || kind === 'leave') {
      // The mobile layout shows join / leave as a transient toast over the video.
      el.dispatchEvent(new CustomEvent('transient-tip', { detail: { kind, text } }));
    }
    return node;
  }

  function fresh(msg) {
    if (!msg.ID) return true;
    if (seen.has(msg.ID)) return false;
    seen.add(msg.ID);
    return true;
  }

  const onText = ({ data }) => {
    for (const msg of data) {
      if (!fresh(msg)) continue;
      push(messageNode(msg, { own: msg.flow === 'out' }));
    }
  };
  const onImage = ({ data }) => {
    for (const msg of data) {
      if (!fresh(msg) || !imageInfo(msg.payload, 2)) continue;
      push(messageNode(msg, { own: msg.flow === 'out' }));
    }
  };
  const onCustom = ({ data }) => {
    for (const msg of data) {
      if (!fresh(msg)) continue;
      const payload = msg.payload || {};
      if (payload.data === 'like') {
        addLikes(msg.likeCount || 1);
      } else if (payload.data === 'startPush') {
        tip('live-started', `${msg.nick || msg.from} is live now — enjoy the show!`, 'broadcast');
        onNotice('live-started', msg);
      }
    }
  };
  const onJoin = ({ data }) => {
    for (const msg of data) {
      if (!fresh(msg)) continue;
      const who = (msg.payload && msg.payload.userIDList) || [msg.from];
      if (app.userID && who.length && who.every((id) => id === app.userID)) continue; // that's me
      tip('join', `${msg.nick || (msg.payload.userIDList || [])[0] || 'Someone'} joined the room`, 'user');
    }
  };
  const onLeave = ({ data }) => {
    for (const msg of data) {
      if (!fresh(msg)) continue;
      tip('leave', `${msg.nick || (msg.payload.userIDList || [])[0] || 'Someone'} left the room`, 'logout');
    }
  };
  const onStopped = ({ data }) => {
    tip('push-stopped', data || 'The live has ended.', 'broadcast');
    onNotice('push-stopped', data);
  };
  im.on(EVENT.IM_TEXT_MESSAGE_RECEIVED, onText);
  im.on(EVENT.IM_CUSTOM_MESSAGE_RECEIVED, onCustom);
  im.on(EVENT.IM_IMAGE_MESSAGE_RECEIVED, onImage);
  im.on(EVENT.IM_REMOTE_USER_JOIN, onJoin);
  im.on(EVENT.IM_REMOTE_USER_LEAVE, onLeave);
  im.on(EVENT.IM_PUSH_STOPPED, onStopped);

  function insertEmoji(e) {
    const start = input.selectionStart ?? input.value.length;
    const end = input.selectionEnd ?? input.value.length;
    input.value = input.value.slice(0, start) + e + input.value.slice(end);
    const pos = start + e.length;
    input.setSelectionRange(pos, pos);
    if (app.session) input.focus({ preventScroll: true });
  }

  function shake(node) {
    node.classList.remove('shake');
    void node.offsetWidth;
    node.classList.add('shake');
  }

  async function send() {
    if (!app.session) {
      openLogin('Sign in to chat in this room.');
      return;
    }
    const text = input.value.trim();
    if (!text) {
      shake(composer);
      return;
    }
    input.value = '';
    emojiPanel.hidden = true;
    await sendOwn({ payload: { text } }, () => im.sendTextMessage({ roomID, text }));
  }

  /**
   * Shows the sender's own message at once (`fields` over the sender's name, avatar and
   * time), then sends it with `sendFn`; a refusal is marked with its reason and a retry.
   * `onSent` gets the message the server accepted.
   */
  async function sendOwn(fields, sendFn, onSent) {
    const local = {
      from: app.userID,
      nick: app.nick,
      avatar: app.profile && app.profile.avatar,
      time: Math.floor(Date.now() / 1000),
      ...fields,
    };
    const node = messageNode(local, { own: true, status: 'sending' });
    push(node);
    scrollDown(true);
    const attempt = async () => {
      node.setStatus('sending');
      try {
        const r = await sendFn();
        const m = r && r.data && r.data.message;
        if (m && m.ID) seen.add(m.ID);
        if (m && onSent) onSent(m, node);
        node.setStatus('success');
      } catch (err) {
        node.setStatus('fail', err, attempt);
      }
    };
    await attempt();
  }

  function pickImage() {
    if (!app.session) {
      openLogin('Sign in to chat in this room.');
      return;
    }
    emojiPanel.hidden = true;
    imageInput.click();
  }

  /** Shows the image at once (the picked file), then sends it; a refusal is marked with its reason. */
  async function sendImage(file) {
    if (!app.session) {
      openLogin('Sign in to chat in this room.');
      return;
    }
    const fields = { type: 'TIMImageElem', payload: {}, localUrl: URL.createObjectURL(file) };
    await sendOwn(fields, () => im.sendImageMessage({ roomID, file }), (m, node) => {
      if (m.payload) node.content.setImage(m.payload);
    });
  }

  function addLikes(n) {
    likes += n;
    likeCount.textContent = compact(likes);
    likeBtn.dataset.count = String(likes);
    likeBtn.classList.remove('bump');
    void likeBtn.offsetWidth;
    likeBtn.classList.add('bump');
    for (let i = 0; i < Math.min(n, 5); i++) setTimeout(spawnHeart, i * 120);
  }

  const HEART_COLORS = ['#ff4d6d', '#ff8fab', '#ffb703', '#8ecae6', '#b388ff', '#80ed99', '#ff7b54'];
  function spawnHeart() {
    if (likeLayer.childElementCount >= MAX_HEARTS) return;
    const heart = icon('heart', 'like-heart');
    heart.dataset.testid = 'like-heart';
    heart.style.setProperty('--drift', `${Math.round(Math.random() * 80 - 40)}px`);
    heart.style.setProperty('--sway', `${Math.round(Math.random() * 40 - 20)}px`);
    heart.style.setProperty('--rot', `${Math.round(Math.random() * 40 - 20)}deg`);
    heart.style.setProperty('--dur', `${(2.2 + Math.random() * 1.2).toFixed(2)}s`);
    heart.style.color = HEART_COLORS[Math.floor(Math.random() * HEART_COLORS.length)];
    heart.addEventListener('animationend', () => heart.remove());
    likeLayer.append(heart);
  }

  async function like() {
    if (!app.session) {
      openLogin('Sign in to send likes.');
      return;
    }
    if (!app.ready) {
      toast('Still connecting to the chat…');
      return;
    }
    addLikes(1);
    try {
      await im.sendCustomMessage({ roomID, data: 'like', description: '', extension: '' });
    } catch (err) {
      toast(`Like not sent: ${errorText(err)}`, 'error');
    }
  }

  return {
    el,
    likeLayer,
    likeButton: likeBtn,
    tip,
    /** "N watching" in the chat's head (N: the viewers, from the room's member count). */
    setWatching(n) {
      el.querySelector('.chat-count').textContent = `${compact(n)} watching`;
    },
    destroy() {
      im.off(EVENT.IM_TEXT_MESSAGE_RECEIVED, onText);
      im.off(EVENT.IM_CUSTOM_MESSAGE_RECEIVED, onCustom);
      im.off(EVENT.IM_IMAGE_MESSAGE_RECEIVED, onImage);
      im.off(EVENT.IM_REMOTE_USER_JOIN, onJoin);
      im.off(EVENT.IM_REMOTE_USER_LEAVE, onLeave);
      im.off(EVENT.IM_PUSH_STOPPED, onStopped);
    },
  };
}
