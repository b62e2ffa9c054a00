// The statistics overlay: every second, the peer connection's stats into state.stats (stats.js) and, when the
// overlay is shown, into its text.
import { currentServerStages } from './server-stages.js';
import { clientStages, formatStages, stageCounters } from './stage-latency.js';
import { formatStats, selectStats, updateStats } from './stats.js';

export const STATS_INTERVAL_MS = 1000;

/** Starts collecting; returns `render()`, which fills `box` now if it is shown. */
export function startStatsOverlay({ state, video, box }) {
  let previous = null;
  let previousCounters = null;
  let renderSamples = [];

  // Render stage: from handing each frame to the compositor to when it is expected on screen.
  if (typeof video.requestVideoFrameCallback === 'function') {
    const onFrame = (_now, metadata) => {
      if (metadata.expectedDisplayTime !== undefined && metadata.presentationTime !== undefined && renderSamples.length < 1000) {
        renderSamples.push(metadata.expectedDisplayTime - metadata.presentationTime);
      }
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  async function collect() {
    const pc = state.pc;
    if (!pc) return;
    const { inbound, pair } = selectStats(await pc.getStats());
    previous = updateStats({
      stats: state.stats, previous, inbound, pair,
      videoSize: { width: video.videoWidth, height: video.videoHeight }, pattern: state.pattern,
    });
    const counters = stageCounters(inbound);
    state.stats.stageLines = formatStages(clientStages(previousCounters, counters, state.stats.rtt, renderSamples), currentServerStages(state));
    previousCounters = counters;
    renderSamples = [];
  }

  function render() {
    if (box.hidden) return;
    box.textContent = formatStats(state.stats, state.viewers, state.role);
  }

  setInterval(() => { collect().then(render).catch(() => {}); }, STATS_INTERVAL_MS);
  return { render };
}
