// ICE helpers of the WHIP / WHEP test pages: an ICE restart over PATCH, the client's side
// of RFC 9725 §4.3.2 as a browser WHIP / WHEP client does it (restart ICE locally, send the
// new credentials and candidates as a trickle-ice-sdpfrag with If-Match: *, apply the
// server's new credentials from the 200 answer to the current remote description); an
// answer reduced to its TCP candidates, as a client behind a UDP-blocking firewall sees it;
// and what getStats says of the transport in use.

const attribute = (sdp, name) => (new RegExp(`^a=${name}:(.*)$`, 'm').exec(sdp) || [])[1]?.trim();

export async function waitGathering(pc) {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise((resolve) => {
    const t = setTimeout(resolve, 2000);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); }
    });
  });
}

/**
 * Restarts `pc`'s ICE through the resource at `resourceUrl` with the UserSig `token` that
 * created it; resolves what happened.
 */
export async function restartIce(pc, resourceUrl, token) {
  const before = { local: attribute(pc.localDescription.sdp, 'ice-ufrag'), remote: attribute(pc.remoteDescription.sdp, 'ice-ufrag') };
  pc.restartIce();
  await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
  await waitGathering(pc);
  const offer = pc.localDescription.sdp;
  const mLine = offer.split(/\r?\n/).find((l) => l.startsWith('m='));
  const fragment = [
    `a=ice-ufrag:${attribute(offer, 'ice-ufrag')}`,
    `a=ice-pwd:${attribute(offer, 'ice-pwd')}`,
    mLine,
    `a=mid:${attribute(offer, 'mid')}`,
    ...offer.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')),
    'a=end-of-candidates',
    '',
  ].join('\r\n');
  const res = await fetch(resourceUrl, {
    method: 'PATCH',
    // RFC 9725 §4.3: the resource takes the credential that created it.
    headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': '*', Authorization: 'Bearer ' + token },
    body: fragment,
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`PATCH answered ${res.status}: ${body}`);
  const ufrag = attribute(body, 'ice-ufrag');
  const pwd = attribute(body, 'ice-pwd');
  const answer = pc.remoteDescription.sdp
    .replace(/^a=ice-ufrag:.*$/gm, `a=ice-ufrag:${ufrag}`)
    .replace(/^a=ice-pwd:.*$/gm, `a=ice-pwd:${pwd}`);
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  return {
    status: res.status,
    etag: res.headers.get('ETag'),
    before,
    after: { local: attribute(offer, 'ice-ufrag'), remote: ufrag },
  };
}

/** The ufrags of the ICE session the transport is using now (getStats). */
export async function transportUfrags(pc) {
  const stats = await pc.getStats();
  let out = null;
  stats.forEach((s) => {
    if (s.type === 'transport') out = { local: s.iceLocalUsernameFragment, state: s.iceState, dtls: s.dtlsState };
  });
  return out;
}

/** The answer with only its ICE-TCP candidates: as if UDP to the server were blocked. */
export function onlyTcpCandidates(sdp) {
  return sdp.split('\r\n').filter((l) => !l.startsWith('a=candidate:') || / tcp /i.test(l)).join('\r\n');
}

/**
 * The answer with its UDP candidate pointed at a relay on `relayPort` (../lossy-relay.mjs)
 * and no ICE-TCP candidate, so the browser cannot go around it; returns [sdp, serverPort].
 */
export function throughRelay(sdp, relayPort) {
  let serverPort = null;
  const lines = sdp.split('\r\n').flatMap((l) => {
    if (!l.startsWith('a=candidate:')) return [l];
    const f = l.split(' ');
    if (!/^udp$/i.test(f[2])) return [];
    serverPort = Number(f[5]);
    f[5] = String(relayPort);
    return [f.join(' ')];
  });
  return [lines.join('\r\n'), serverPort];
}

/** The selected candidate pair's local and remote candidate protocols (getStats). */
export async function selectedProtocols(pc) {
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach((s) => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
  const pair = pairId && stats.get(pairId);
  if (!pair) return null;
  const local = stats.get(pair.localCandidateId), remote = stats.get(pair.remoteCandidateId);
  return { local: local && local.protocol, remote: remote && remote.protocol, remoteType: remote && remote.tcpType };
}
