namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>
/// The test viewer: offers a recvonly video transceiver and a data channel "echo", shows the track in a
/// &lt;video&gt;, answers "ping..." messages with "pong:ping...", and can sample the latency probe pattern
/// (barcode block centres and quadrant colours) by drawing the video into a canvas.
/// </summary>
internal static class ViewerPage
{
    public const string Html = """
<!doctype html>
<html><body>
<video id="v" autoplay muted playsinline></video>
<canvas id="c"></canvas>
<script>
window.dcReceived = [];
window.dcOpen = false;
async function makeOffer(config) {
  // The fake camera grants the permission Chromium needs to gather loopback candidates.
  window.fakeStream = await navigator.mediaDevices.getUserMedia({ video: true });
  const pc = new RTCPeerConnection(config || { iceServers: [] });
  window.pc = pc;
  pc.addTransceiver('video', { direction: 'recvonly' });
  hookChannel(pc.createDataChannel('echo'));
  hookTrack(pc);
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.localDescription.sdp;
}
// The server offers: answer it; with passive=true the page takes a=setup:passive, making the server the DTLS client.
async function acceptOffer(sdp, passive) {
  window.fakeStream = await navigator.mediaDevices.getUserMedia({ video: true });
  const pc = new RTCPeerConnection({ iceServers: [] });
  window.pc = pc;
  pc.ondatachannel = e => { hookChannel(e.channel); if (e.channel.readyState === 'open') window.dcOpen = true; };
  hookTrack(pc);
  await pc.setRemoteDescription({ type: 'offer', sdp });
  const answer = await pc.createAnswer();
  if (passive) answer.sdp = answer.sdp.replaceAll('a=setup:active', 'a=setup:passive');
  await pc.setLocalDescription(answer);
  await gathered(pc);
  return pc.localDescription.sdp;
}
function hookChannel(dc) {
  window.dc = dc;
  dc.onopen = () => { window.dcOpen = true; };
  dc.onmessage = e => {
    window.dcReceived.push(e.data);
    if (typeof e.data === 'string' && e.data.startsWith('ping')) dc.send('pong:' + e.data);
  };
}
function hookTrack(pc) {
  pc.ontrack = e => {
    const v = document.getElementById('v');
    v.srcObject = new MediaStream([e.track]);
    v.play().catch(() => {});
  };
}
function gathered(pc) {
  return new Promise(resolve => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
    setTimeout(resolve, 5000);
  });
}
async function setAnswer(sdp) { await pc.setRemoteDescription({ type: 'answer', sdp }); }
// ICE restart from the page: optionally a new configuration (e.g. relay only), restartIce(), and the re-offer once gathered.
async function restartOffer(config) {
  if (config) pc.setConfiguration(config);
  pc.restartIce();
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc.localDescription.sdp;
}
async function addCandidate(init) { if (init) await pc.addIceCandidate(init); else await pc.addIceCandidate(); }
async function remoteCandidateTypes() {
  const types = [];
  (await pc.getStats()).forEach(s => { if (s.type === 'remote-candidate') types.push(s.candidateType); });
  return types;
}
async function videoStats() {
  const report = await pc.getStats();
  const out = { connectionState: pc.connectionState, iceState: pc.iceConnectionState };
  report.forEach(s => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') {
      Object.assign(out, {
        framesDecoded: s.framesDecoded || 0, framesDropped: s.framesDropped || 0, keyFramesDecoded: s.keyFramesDecoded || 0,
        freezeCount: s.freezeCount || 0, totalFreezesDuration: s.totalFreezesDuration || 0, nackCount: s.nackCount || 0,
        pliCount: s.pliCount || 0, firCount: s.firCount || 0, packetsLost: s.packetsLost || 0, packetsReceived: s.packetsReceived || 0,
        frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0, retransmittedPacketsReceived: s.retransmittedPacketsReceived || 0,
        jitterBufferDelay: s.jitterBufferDelay || 0, jitterBufferEmittedCount: s.jitterBufferEmittedCount || 0 });
    }
  });
  return out;
}
function samplePattern() {
  const v = document.getElementById('v');
  const w = v.videoWidth, h = v.videoHeight;
  if (!w || !h) return null;
  const c = document.getElementById('c');
  c.width = w; c.height = h;
  const g = c.getContext('2d', { willReadFrequently: true });
  g.drawImage(v, 0, 0, w, h);
  const now = performance.timeOrigin + performance.now();
  const bits = [];
  for (let i = 0; i < 56; i++) {
    const d = g.getImageData(16 * i + 8, 8, 1, 1).data;
    bits.push((d[0] + d[1] + d[2]) / 3 > 128 ? 1 : 0);
  }
  const at = (x, y) => Array.from(g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3));
  return { width: w, height: h, now, bits,
    quadrants: [at(w / 4, h / 4), at(3 * w / 4, h / 4), at(w / 4, 3 * h / 4), at(3 * w / 4, 3 * h / 4)] };
}
</script>
</body></html>
""";
}
