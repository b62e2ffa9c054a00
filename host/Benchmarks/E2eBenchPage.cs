namespace WlWebRtc.Host.Benchmarks;

/// <summary>
/// The page headless Chromium runs for <c>bench e2e</c>: plays the server's stream through WHEP, reads the test
/// pattern's barcode on every presented frame (requestVideoFrameCallback) and posts the measurements back.
/// </summary>
internal static class E2eBenchPage
{
    /// <summary>The page; <c>__SETTINGS__</c> is replaced by a JSON object {whep, token, warmup, seconds}.</summary>
    public const string Html = """
<!doctype html>
<html><body>
<video id="v" autoplay muted playsinline></video>
<canvas id="c" width="896" height="16"></canvas>
<script>
const settings = __SETTINGS__;
const report = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body) });
(async () => {
  try {
    // The fake camera grants the permission Chromium needs to gather loopback candidates.
    window.fake = await navigator.mediaDevices.getUserMedia({ video: true });
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.addTransceiver('video', { direction: 'recvonly' });
    const v = document.getElementById('v');
    pc.ontrack = e => { v.srcObject = new MediaStream([e.track]); v.play().catch(() => {}); };
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 3000); });
    const response = await fetch(settings.whep, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer ' + settings.token }, body: pc.localDescription.sdp });
    if (response.status !== 201) throw new Error('WHEP answered ' + response.status + ': ' + await response.text());
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    // Candidates are gathered: the fake camera is no longer needed, and its frames would cost CPU the measurement shares.
    window.fake.getTracks().forEach(t => t.stop());
    const g = document.getElementById('c').getContext('2d', { willReadFrequently: true });
    const latencies = [];
    let measuring = false, presented = 0, badReads = 0, startedAt = 0;
    const decoded = async () => { let n = 0; (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded || 0; }); return n; };
    // The barcode's middle row as 896 brightness values. Reading the decoded frame's luma rectangle (WebCodecs
    // VideoFrame.copyTo) costs a small copy; drawImage + getImageData would convert the whole frame to RGB on every
    // frame and take presentation time away from the very thing being measured. drawImage remains the fallback.
    const rect = { x: 0, y: 0, width: 896, height: 16 };
    let reader = 'none';
    const readRow = async () => {
      if (typeof VideoFrame === 'function') {
        const frame = new VideoFrame(v);
        try {
          if (frame.format === 'I420' || frame.format === 'NV12' || frame.format === 'I420A') {
            const planes = new Uint8Array(frame.allocationSize({ rect }));
            await frame.copyTo(planes, { rect });
            reader = 'videoframe';
            return { values: planes.subarray(8 * 896, 9 * 896), step: 1 };
          }
        } finally {
          frame.close();
        }
      }
      g.drawImage(v, 0, 0, 896, 16, 0, 0, 896, 16);
      reader = 'canvas';
      return { values: g.getImageData(0, 8, 896, 1).data, step: 4 };
    };
    const onFrame = async (now, meta) => {
      v.requestVideoFrameCallback(onFrame);
      if (!measuring) return;
      presented++;
      const { values, step } = await readRow();
      const b = new Uint8Array(7);
      for (let i = 0; i < 56; i++) {
        const o = (16 * i + 8) * step;
        const level = step === 1 ? values[o] : (values[o] + values[o + 1] + values[o + 2]) / 3;
        if (level > 128) b[i >> 3] |= 0x80 >> (i & 7);
      }
      let sum = 0xA5; for (let i = 0; i < 6; i++) sum += b[i];
      if ((sum & 0xFF) === b[6]) {
        const low = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
        const wall = performance.timeOrigin + performance.now();
        const base = wall - (wall % 4294967296);
        const capture = [base - 4294967296, base, base + 4294967296].map(x => x + low).reduce((a, c) => Math.abs(a - wall) <= Math.abs(c - wall) ? a : c);
        latencies.push(performance.timeOrigin + meta.presentationTime - capture);
      } else badReads++;
    };
    v.requestVideoFrameCallback(onFrame);
    await new Promise(r => setTimeout(r, settings.warmup * 1000));
    const decodedBefore = await decoded();
    await report('/start', {});
    startedAt = performance.now(); measuring = true;
    await new Promise(r => setTimeout(r, settings.seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - startedAt) / 1000;
    await report('/result', { ok: true, latencies, presented, badReads, elapsed, decoded: (await decoded()) - decodedBefore, reader, width: v.videoWidth, height: v.videoHeight });
  } catch (e) {
    await report('/result', { ok: false, error: String(e) });
  }
})();
</script>
</body></html>
""";
}
