// The emoji picker's set: plain Unicode (rendered by the system's emoji font, nothing to load).
export const EMOJI = Array.from(
  '😀😃😄😁😆😅😂🤣😊😇🙂😉😍🥰😘😋😜🤪😎🤩🥳😏😢😭😤😡🤯😱🤔🤗🤫😴🙄😬🥺😮' +
  '👍👎👏🙌🙏💪👋🤝✌️🤞👀🔥✨🎉🎊💯❤️🧡💛💚💙💜🖤💔⭐🌟🌈☀️🌙⚡🎵🎶🍀🌹🍕🍰☕🍺🎁🏆🚀',
).reduce((out, ch) => {
  // Re-join a base character with its variation selector (U+FE0F).
  if (ch === '\uFE0F' && out.length) out[out.length - 1] += ch;
  else out.push(ch);
  return out;
}, []);
