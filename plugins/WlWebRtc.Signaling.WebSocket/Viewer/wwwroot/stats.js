// The statistics overlay's numbers: frame size, frame rate and bit rate from the inbound video stream, the round
// trip time of the selected candidate pair, and the median barcode latency. No DOM here, so the unit tests run it
// under node.

/** The p-quantile (0..1) of `values` (nearest rank, rounding down), or null when there are none. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Picks the inbound video stream and the selected candidate pair out of an RTCStatsReport (or any collection with
 * forEach over stats objects). Without a transport naming its pair, the nominated succeeded pair counts.
 */
export function selectStats(report) {
  let inbound = null;
  let pairId = null;
  const pairs = new Map();
  report.forEach(s => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') inbound = s;
    else if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
    else if (s.type === 'candidate-pair') pairs.set(s.id, s);
  });
  const pair = (pairId && pairs.get(pairId)) || [...pairs.values()].find(p => p.nominated && p.state === 'succeeded') || null;
  return { inbound, pair };
}

/**
 * Updates `stats` (state.stats) from one report's `inbound` and `pair`; rates come from the difference to
 * `previous` (what this returned last time). `videoSize` stands in when the stream does not say its frame size;
 * `pattern` (state.pattern) gives the latency samples. Returns the `previous` for the next report.
 */
export function updateStats({ stats, previous, inbound, pair, videoSize, pattern }) {
  let next = previous;
  if (inbound) {
    const now = inbound.timestamp;
    if (previous && now > previous.timestamp) {
      const seconds = (now - previous.timestamp) / 1000;
      stats.fps = (inbound.framesDecoded - previous.framesDecoded) / seconds;
      stats.bitrate = ((inbound.bytesReceived - previous.bytesReceived) * 8) / seconds;
    }
    next = { timestamp: now, framesDecoded: inbound.framesDecoded || 0, bytesReceived: inbound.bytesReceived || 0 };
    stats.width = inbound.frameWidth || videoSize.width;
    stats.height = inbound.frameHeight || videoSize.height;
    stats.framesDecoded = inbound.framesDecoded || 0;
  }
  stats.rtt = pair && pair.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 : null;
  // About the last second of frames (at least 30).
  const recent = pattern.samples.slice(-Math.max(30, Math.round(stats.fps || 30)));
  stats.latencyP50 = pattern.detected ? percentile(recent, 0.5) : null;
  return next;
}

/** The overlay's text (with the per-stage lines when `stats.stageLines` holds them: stage-latency.js). */
export function formatStats(stats, viewers, role) {
  const lines = [
    `${stats.width}x${stats.height}  ${stats.fps.toFixed(1)} fps  ${(stats.bitrate / 1e6).toFixed(2)} Mb/s`,
    `RTT ${stats.rtt === null ? '–' : stats.rtt.toFixed(1) + ' ms'}  viewers ${viewers}  role ${role || '–'}`,
  ];
  if (stats.latencyP50 !== null) lines.push(`capture→display ${stats.latencyP50.toFixed(1)} ms (p50)`);
  if (stats.stageLines) lines.push(...stats.stageLines);
  return lines.join('\n');
}
