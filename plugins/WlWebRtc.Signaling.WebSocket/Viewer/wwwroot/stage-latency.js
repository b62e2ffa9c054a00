// Per-stage latency for the statistics overlay. The viewer's own stages come from getStats (network: half the
// candidate pair's round trip; jitter buffer: jitterBufferDelay per emitted frame; decode: totalDecodeTime per
// decoded frame) and from requestVideoFrameCallback (render: from handing the frame to the compositor to its
// expected display). The server's stages (capture, convert, encode, pacing+send) show when it sends them.
// No DOM here, so the unit tests run it under node.

/** The counters of the inbound video stream the stages are differences of (null without a stream). */
export function stageCounters(inbound) {
  if (!inbound) return null;
  return {
    jitterBufferDelay: inbound.jitterBufferDelay ?? null,
    jitterBufferEmittedCount: inbound.jitterBufferEmittedCount ?? null,
    totalDecodeTime: inbound.totalDecodeTime ?? null,
    framesDecoded: inbound.framesDecoded ?? null,
  };
}

/** Seconds of `total` per unit of `count` between two snapshots, in ms; null when either is missing or nothing moved. */
function perUnit(previous, current, total, count) {
  if (!previous || !current) return null;
  const dt = current[total] - previous[total];
  const dn = current[count] - previous[count];
  return Number.isFinite(dt) && Number.isFinite(dn) && dn > 0 && dt >= 0 ? (dt / dn) * 1000 : null;
}

/** The mean of `values`, or null. */
function mean(values) {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/**
 * The viewer's stages in ms over the interval between two counter snapshots (stageCounters), with the pair's round
 * trip in ms (or null) and the render samples in ms collected over the same interval.
 */
export function clientStages(previous, current, rttMs, renderSamples) {
  return {
    network: rttMs === null || rttMs === undefined ? null : rttMs / 2,
    jitterBuffer: perUnit(previous, current, 'jitterBufferDelay', 'jitterBufferEmittedCount'),
    decode: perUnit(previous, current, 'totalDecodeTime', 'framesDecoded'),
    render: mean(renderSamples.filter(v => Number.isFinite(v) && v >= 0)),
  };
}

const ms = v => (v === null || v === undefined ? '–' : v.toFixed(1));

/** The sum of the known values, or null when none is known. */
function sum(values) {
  const known = values.filter(v => v !== null && v !== undefined && Number.isFinite(v));
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

/**
 * The overlay's stage lines: the server's (when known) and the viewer's, in pipeline order, then, with both, the
 * whole capture → display budget (the sum of every known stage).
 */
export function formatStages(client, server) {
  const lines = [];
  if (server && typeof server.idle === 'number') {
    // A static screen: nothing new was encoded, so there are no current server stages (nor a budget) to show.
    lines.push(`server: idle (no new frames for ${(server.idle / 1000).toFixed(1)} s)`);
    if (client) lines.push(viewerLine(client));
    return lines;
  }
  if (server) {
    lines.push(`server: capture ${ms(server.capture)}  convert ${ms(server.convert)}  encode ${ms(server.encode)}  pacing+send ${ms(server.pacingSend)} ms`);
  }
  if (client) lines.push(viewerLine(client));
  if (server && client) {
    const serverTotal = sum([server.capture, server.convert, server.encode, server.pacingSend]);
    const viewerTotal = sum([client.network, client.jitterBuffer, client.decode, client.render]);
    lines.push(`stages total ${ms(sum([serverTotal, viewerTotal]))} ms (server ${ms(serverTotal)} + viewer ${ms(viewerTotal)})`);
  }
  return lines;
}

function viewerLine(client) {
  return `viewer: network ${ms(client.network)}  jitter buffer ${ms(client.jitterBuffer)}  decode ${ms(client.decode)}  render ${ms(client.render)} ms`;
}
