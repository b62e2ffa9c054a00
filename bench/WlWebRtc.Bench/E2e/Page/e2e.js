// 'wlwebrtc-bench e2e' in the browser: plays the server's stream through WHEP, reads the test pattern's barcode on
// every presented frame (requestVideoFrameCallback) and returns the measurements. The bench calls
// runBenchmark({ whep, token, warmup, seconds }); window.benchStarted() (exposed by the bench) marks the measured window.
import { WIDTH, SAMPLE_ROW, BLOCK_SIZE, readRow, rebuildUnixMs } from './latency-barcode.js';

const video = document.getElementById('v');
const canvas = document.getElementById('c').getContext('2d', { willReadFrequently: true });

async function connect(settings) {
  // The fake camera grants the permission Chromium needs to gather loopback candidates.
  const fake = await navigator.mediaDevices.getUserMedia({ video: true });
  const pc = new RTCPeerConnection({ iceServers: [] });
  pc.addTransceiver('video', { direction: 'recvonly' });
  pc.ontrack = e => { video.srcObject = new MediaStream([e.track]); video.play().catch(() => {}); };
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 3000); });
  const response = await fetch(settings.whep, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer ' + settings.token }, body: pc.localDescription.sdp });
  if (response.status !== 201) throw new Error('WHEP answered ' + response.status + ': ' + await response.text());
  await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  // Candidates are gathered: the fake camera is no longer needed, and its frames would cost CPU the measurement shares.
  fake.getTracks().forEach(t => t.stop());
  return pc;
}

async function framesDecoded(pc) {
  let n = 0;
  (await pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded || 0; });
  return n;
}

// The barcode's middle row. Reading the decoded frame's luma rectangle (WebCodecs VideoFrame.copyTo) costs a small
// copy; drawImage + getImageData would convert the whole frame to RGB on every frame and take presentation time away
// from the very thing being measured. drawImage remains the fallback.
const rect = { x: 0, y: 0, width: WIDTH, height: BLOCK_SIZE };
let reader = 'none';
async function barcodeRow() {
  if (typeof VideoFrame === 'function') {
    const frame = new VideoFrame(video);
    try {
      if (frame.format === 'I420' || frame.format === 'NV12' || frame.format === 'I420A') {
        const planes = new Uint8Array(frame.allocationSize({ rect }));
        await frame.copyTo(planes, { rect });
        reader = 'videoframe';
        return { values: planes.subarray(SAMPLE_ROW * WIDTH, (SAMPLE_ROW + 1) * WIDTH), step: 1 };
      }
    } finally {
      frame.close();
    }
  }
  canvas.drawImage(video, 0, 0, WIDTH, BLOCK_SIZE, 0, 0, WIDTH, BLOCK_SIZE);
  reader = 'canvas';
  return { values: canvas.getImageData(0, SAMPLE_ROW, WIDTH, 1).data, step: 4 };
}

window.runBenchmark = async settings => {
  try {
    const pc = await connect(settings);
    const latencies = [];
    let measuring = false, presented = 0, badReads = 0;
    const onFrame = async (now, meta) => {
      video.requestVideoFrameCallback(onFrame);
      if (!measuring) return;
      presented++;
      const { values, step } = await barcodeRow();
      const read = readRow(values, step);
      if (read) {
        const capture = rebuildUnixMs(read.low32, performance.timeOrigin + performance.now());
        latencies.push(performance.timeOrigin + meta.presentationTime - capture);
      } else badReads++;
    };
    video.requestVideoFrameCallback(onFrame);
    await new Promise(r => setTimeout(r, settings.warmup * 1000));
    const decodedBefore = await framesDecoded(pc);
    await window.benchStarted();
    const startedAt = performance.now();
    measuring = true;
    await new Promise(r => setTimeout(r, settings.seconds * 1000));
    measuring = false;
    const elapsed = (performance.now() - startedAt) / 1000;
    return { ok: true, latencies, presented, badReads, elapsed, decoded: (await framesDecoded(pc)) - decodedBefore, reader, width: video.videoWidth, height: video.videoHeight };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
};
