// Capture-to-display latency from the test pattern's barcode (barcode.js), read from every presented frame.
import { captureTime, decodeBarcode, PROBE_HEIGHT, PROBE_ROW, PROBE_WIDTH, recordMiss, recordRead, recordSkipped, shouldLook } from './barcode.js';

// The barcode's rows. WebCodecs copies just the luma of that rectangle out of the decoded frame; the canvas
// fallback (drawImage + getImageData) converts the whole frame to RGB, which at 1080p60 costs presented frames.
const PROBE_RECT = { x: 0, y: 0, width: PROBE_WIDTH, height: PROBE_HEIGHT };

/** Reads `state.pattern` samples from `video`; `canvas` (PROBE_WIDTH x PROBE_HEIGHT) is the fallback's scratch. */
export function startLatencyProbe({ state, video, canvas }) {
  const probe = canvas.getContext('2d', { willReadFrequently: true });

  const readProbeRow = async () => {
    if (typeof VideoFrame === 'function') {
      const frame = new VideoFrame(video);
      try {
        if (frame.format === 'I420' || frame.format === 'NV12' || frame.format === 'I420A') {
          const planes = new Uint8Array(frame.allocationSize({ rect: PROBE_RECT }));
          await frame.copyTo(planes, { rect: PROBE_RECT });
          return { values: planes.subarray(PROBE_ROW * PROBE_WIDTH, (PROBE_ROW + 1) * PROBE_WIDTH), step: 1 };
        }
      } finally {
        frame.close();
      }
    }
    probe.drawImage(video, 0, 0, PROBE_WIDTH, PROBE_HEIGHT, 0, 0, PROBE_WIDTH, PROBE_HEIGHT);
    return { values: probe.getImageData(0, PROBE_ROW, PROBE_WIDTH, 1).data, step: 4 };
  };

  const readBarcode = async () => {
    const { values, step } = await readProbeRow();
    const code = decodeBarcode(values, step);
    return code && { capture: captureTime(code.low32, performance.timeOrigin + performance.now()), counter: code.counter };
  };

  async function onVideoFrame(now, metadata) {
    video.requestVideoFrameCallback(onVideoFrame);
    const pattern = state.pattern;
    if (!shouldLook(pattern)) return;
    if (video.videoWidth < PROBE_WIDTH || video.videoHeight < 64) {
      recordSkipped(pattern);
      return;
    }
    let read = null;
    try {
      read = await readBarcode();
    } catch {
      read = null; // the frame went away (e.g. the stream ended) before it could be read
    }
    if (read) {
      // Capture to display: when the frame was handed to the compositor (presentationTime).
      recordRead(pattern, read.counter, performance.timeOrigin + metadata.presentationTime - read.capture);
    } else {
      recordMiss(pattern);
    }
  }

  if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) video.requestVideoFrameCallback(onVideoFrame);
}
