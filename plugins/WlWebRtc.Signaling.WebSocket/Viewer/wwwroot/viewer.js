// wlwebrtc built-in viewer: WebSocket signaling (PROTOCOL.md), one recvonly video track, and the "input" data
// channel (docs/input-protocol.md). Plain script, no build step. State is exposed as window.wlwebrtcViewer.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const video = $('video');
  const stage = $('stage');
  const statusBox = $('status');
  const statsBox = $('stats');
  const probe = $('probe').getContext('2d', { willReadFrequently: true });
  const params = new URLSearchParams(location.search);
  const token = params.get('token') || '';
  const signalingPath = document.body.dataset.signaling && !document.body.dataset.signaling.startsWith('{{') ? document.body.dataset.signaling : '/ws';

  const state = {
    phase: 'idle', role: null, viewers: 0, viewerId: null, attempt: 0, reconnects: 0, stopped: false,
    ws: null, pc: null, dc: null, dcOpen: false, lastError: null,
    stats: { width: 0, height: 0, fps: 0, bitrate: 0, rtt: null, framesDecoded: 0, latencyP50: null },
    pattern: { detected: false, misses: 0, frames: 0, lastCounter: null, samples: [] },
  };
  window.wlwebrtcViewer = state;

  const setStatus = text => {
    statusBox.textContent = text || '';
    statusBox.classList.toggle('hidden', !text);
  };

  // ---- signaling ----------------------------------------------------------------------------------------------
  const send = message => {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
  };

  function connect() {
    teardown();
    state.phase = 'signaling';
    setStatus(state.reconnects ? 'Reconnecting…' : 'Connecting…');
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}${signalingPath}`);
    state.ws = ws;
    ws.onmessage = event => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      onSignal(message).catch(error => scheduleReconnect(String(error)));
    };
    ws.onclose = event => {
      if (state.ws !== ws) return;
      if (event.code === 4401) {
        state.stopped = true;
        state.phase = 'unauthorized';
        setStatus('Access denied: open the viewer with the URL (and ?token=) printed in the server log.');
        return;
      }
      // Close codes from PROTOCOL.md; each of these is worth retrying later (with the back-off).
      const reasons = { 1001: 'server stopping', 1013: 'server full', 4429: 'too many wrong tokens from this address' };
      scheduleReconnect(reasons[event.code] || 'signaling closed');
    };
  }

  async function onSignal(message) {
    switch (message.type) {
      case 'hello':
        // The token goes in the first message rather than the URL, so it stays out of logs.
        if (!message.authenticated) send({ type: 'auth', token });
        break;
      case 'ready':
        await startPeer();
        break;
      case 'answer':
        state.viewerId = message.id;
        await state.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        break;
      case 'role':
        setRole(message.role);
        break;
      case 'viewers':
        state.viewers = message.count;
        break;
      case 'closed':
        scheduleReconnect('the session ended');
        break;
      case 'error':
        state.lastError = message;
        console.warn('wlwebrtc:', message.code, message.message);
        if (message.code === 'unauthorized') {
          state.stopped = true;
          state.phase = 'unauthorized';
          setStatus('Access denied: ' + message.message);
        } else if (['bad-offer', 'server-full', 'unavailable', 'timeout', 'internal'].includes(message.code)) {
          scheduleReconnect(message.message);
        }
        break;
      default:
        break;
    }
  }

  async function startPeer() {
    const pc = new RTCPeerConnection({ iceServers: [] });
    state.pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    const dc = pc.createDataChannel('input', { ordered: true });
    state.dc = dc;
    dc.onopen = () => { state.dcOpen = true; };
    dc.onclose = () => { state.dcOpen = false; };
    dc.onmessage = event => onChannelMessage(event.data);
    pc.ontrack = event => {
      video.srcObject = new MediaStream([event.track]);
      video.play().catch(() => {});
    };
    pc.onicecandidate = event => {
      const c = event.candidate;
      send(c && c.candidate ? { type: 'candidate', candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : { type: 'end-of-candidates' });
    };
    pc.onconnectionstatechange = () => {
      if (state.pc !== pc) return;
      switch (pc.connectionState) {
        case 'connected':
          state.phase = 'playing';
          state.attempt = 0;
          setStatus('');
          break;
        case 'disconnected':
          setTimeout(() => { if (state.pc === pc && pc.connectionState === 'disconnected') scheduleReconnect('connection lost'); }, 4000);
          break;
        case 'failed':
        case 'closed':
          scheduleReconnect('connection ' + pc.connectionState);
          break;
        default:
          break;
      }
    };
    state.phase = 'negotiating';
    await pc.setLocalDescription(await pc.createOffer());
    send({ type: 'offer', sdp: pc.localDescription.sdp });
  }

  function teardown() {
    const { ws, pc, dc } = state;
    state.ws = state.pc = state.dc = null;
    state.dcOpen = false;
    if (dc) { dc.onopen = dc.onclose = dc.onmessage = null; try { dc.close(); } catch { /* closed */ } }
    if (pc) { pc.onconnectionstatechange = pc.onicecandidate = pc.ontrack = null; pc.close(); }
    if (ws) { ws.onclose = ws.onmessage = null; try { ws.close(1000); } catch { /* closed */ } }
  }

  function scheduleReconnect(reason) {
    if (state.stopped || state.reconnectTimer) return;
    teardown();
    state.phase = 'waiting';
    const delay = Math.min(10000, 500 * 2 ** state.attempt);
    state.attempt++;
    setStatus(`Disconnected (${reason}); reconnecting in ${Math.round(delay / 1000)} s…`);
    state.reconnectTimer = setTimeout(() => {
      state.reconnectTimer = null;
      state.reconnects++;
      connect();
    }, delay);
  }

  function setRole(role) {
    state.role = role === 'control' ? 'control' : 'view';
    video.style.cursor = state.role === 'control' ? 'none' : 'default';
  }

  function onChannelMessage(data) {
    if (typeof data !== 'string') return;
    let message;
    try { message = JSON.parse(data); } catch { return; }
    if (message.t === 'role') setRole(message.role);
    else if (message.t === 'ping') sendInput({ t: 'pong', id: message.id, ts: message.ts }, true);
    else if (message.t === 'error') console.warn('wlwebrtc input:', message.message);
  }

  // ---- input (docs/input-protocol.md) --------------------------------------------------------------------------
  const pressedKeys = new Set();
  const pressedButtons = new Set();

  function sendInput(message, always) {
    const dc = state.dc;
    if (!dc || dc.readyState !== 'open' || (!always && state.role !== 'control')) return false;
    dc.send(JSON.stringify(message));
    return true;
  }

  // The video is scaled to fit (object-fit: contain): find the rectangle the picture occupies in the element.
  function pictureRect() {
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    if (!vw || !vh) return null;
    const r = video.getBoundingClientRect();
    const scale = Math.min(r.width / vw, r.height / vh);
    const width = vw * scale;
    const height = vh * scale;
    return { left: r.left + (r.width - width) / 2, top: r.top + (r.height - height) / 2, width, height, scale };
  }

  function normalise(event) {
    const p = pictureRect();
    if (!p) return null;
    const x = (event.clientX - p.left) / p.width;
    const y = (event.clientY - p.top) / p.height;
    if (x < 0 || x > 1 || y < 0 || y > 1) return null;
    return { x, y };
  }

  const pointerLocked = () => document.pointerLockElement === video;

  video.addEventListener('pointermove', event => {
    if (pointerLocked()) {
      const p = pictureRect();
      if (p && (event.movementX || event.movementY)) sendInput({ t: 'pr', dx: event.movementX / p.scale, dy: event.movementY / p.scale });
      return;
    }
    const at = normalise(event);
    if (at) sendInput({ t: 'pm', x: at.x, y: at.y });
  });

  video.addEventListener('pointerdown', event => {
    stage.focus();
    if ($('pointer-lock').checked && !pointerLocked() && video.requestPointerLock) {
      video.requestPointerLock();
    }
    const at = pointerLocked() ? null : normalise(event);
    if (!pointerLocked() && !at) return;
    if (at) sendInput({ t: 'pm', x: at.x, y: at.y });
    if (sendInput({ t: 'pb', b: event.button, d: true })) pressedButtons.add(event.button);
    video.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  video.addEventListener('pointerup', event => {
    if (pressedButtons.delete(event.button)) sendInput({ t: 'pb', b: event.button, d: false });
    event.preventDefault();
  });

  video.addEventListener('wheel', event => {
    if (sendInput({ t: 'pw', dx: event.deltaX, dy: event.deltaY, m: event.deltaMode })) event.preventDefault();
  }, { passive: false });

  video.addEventListener('contextmenu', event => event.preventDefault());

  const fromToolbar = event => event.target instanceof Element && event.target.closest('#toolbar');

  window.addEventListener('keydown', event => {
    if (fromToolbar(event) || state.role !== 'control') return;
    event.preventDefault();
    if (event.repeat) return; // the compositor repeats keys itself
    if (sendInput({ t: 'k', c: event.code, d: true })) pressedKeys.add(event.code);
  });

  window.addEventListener('keyup', event => {
    if (fromToolbar(event)) return;
    if (pressedKeys.delete(event.code)) {
      sendInput({ t: 'k', c: event.code, d: false });
      event.preventDefault();
    }
  });

  function releaseAll() {
    if (pressedKeys.size || pressedButtons.size) sendInput({ t: 'ra' });
    pressedKeys.clear();
    pressedButtons.clear();
  }
  window.addEventListener('blur', releaseAll);
  document.addEventListener('visibilitychange', () => { if (document.hidden) releaseAll(); });
  window.addEventListener('pagehide', () => { send({ type: 'bye' }); teardown(); });

  // ---- fullscreen, keyboard lock, pointer lock ----------------------------------------------------------------
  $('fullscreen').addEventListener('click', async () => {
    if (document.fullscreenElement) { await document.exitFullscreen(); return; }
    await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    // Keyboard Lock keeps Escape, Alt+Tab and friends for the remote desktop (Chromium, secure origins).
    if (navigator.keyboard && navigator.keyboard.lock) navigator.keyboard.lock().catch(() => {});
    stage.focus();
  });
  document.addEventListener('fullscreenchange', () => {
    if (!document.fullscreenElement && navigator.keyboard && navigator.keyboard.unlock) navigator.keyboard.unlock();
  });
  $('pointer-lock').addEventListener('change', event => {
    if (!event.target.checked && pointerLocked()) document.exitPointerLock();
  });
  $('toggle-stats').addEventListener('click', () => { statsBox.hidden = !statsBox.hidden; renderStats(); });
  if (params.get('stats') === '1') statsBox.hidden = false;

  // ---- latency probe (the testpattern's barcode; see the capture plugin) -----------------------------------------
  const PROBE_BLOCKS = 56;
  // The barcode's middle row. WebCodecs copies just the luma of that rectangle out of the decoded frame; the canvas
  // fallback (drawImage + getImageData) converts the whole frame to RGB, which at 1080p60 costs presented frames.
  const PROBE_RECT = { x: 0, y: 0, width: 896, height: 16 };
  const readProbeRow = async () => {
    if (typeof VideoFrame === 'function') {
      const frame = new VideoFrame(video);
      try {
        if (frame.format === 'I420' || frame.format === 'NV12' || frame.format === 'I420A') {
          const planes = new Uint8Array(frame.allocationSize({ rect: PROBE_RECT }));
          await frame.copyTo(planes, { rect: PROBE_RECT });
          return { values: planes.subarray(8 * 896, 9 * 896), step: 1 };
        }
      } finally {
        frame.close();
      }
    }
    probe.drawImage(video, 0, 0, 896, 16, 0, 0, 896, 16);
    return { values: probe.getImageData(0, 8, 896, 1).data, step: 4 };
  };
  const readBarcode = async () => {
    const { values, step } = await readProbeRow();
    const bytes = new Uint8Array(7);
    for (let i = 0; i < PROBE_BLOCKS; i++) {
      const o = (16 * i + 8) * step;
      const level = step === 1 ? values[o] : (values[o] + values[o + 1] + values[o + 2]) / 3;
      if (level > 128) bytes[i >> 3] |= 0x80 >> (i & 7);
    }
    let sum = 0xA5;
    for (let i = 0; i < 6; i++) sum += bytes[i];
    if ((sum & 0xFF) !== bytes[6]) return null;
    const low32 = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
    // Rebuild the full Unix milliseconds with our own clock: the nearest of low32 + k * 2^32.
    const now = performance.timeOrigin + performance.now();
    const base = now - (now % 4294967296);
    const capture = [base - 4294967296, base, base + 4294967296].map(b => b + low32).reduce((a, b) => (Math.abs(a - now) <= Math.abs(b - now) ? a : b));
    return { capture, counter: (bytes[4] << 8) | bytes[5] };
  };

  async function onVideoFrame(now, metadata) {
    video.requestVideoFrameCallback(onVideoFrame);
    const pattern = state.pattern;
    // After many frames without a barcode the source is not the test pattern: look only now and then.
    const look = pattern.detected || pattern.misses < 60 || pattern.misses % 30 === 0;
    if (look && video.videoWidth >= 896 && video.videoHeight >= 64) {
      let read = null;
      try {
        read = await readBarcode();
      } catch {
        read = null; // the frame went away (e.g. the stream ended) before it could be read
      }
      if (read) {
        pattern.misses = 0;
        pattern.frames++;
        pattern.detected = pattern.frames >= 3;
        pattern.lastCounter = read.counter;
        // Capture to display: when the frame was handed to the compositor (presentationTime).
        const latency = performance.timeOrigin + metadata.presentationTime - read.capture;
        if (latency > -50 && latency < 10000) {
          pattern.samples.push(latency);
          if (pattern.samples.length > 600) pattern.samples.splice(0, pattern.samples.length - 600);
        }
      } else {
        pattern.misses++;
        if (pattern.misses > 90) pattern.detected = false;
      }
    } else if (look) {
      pattern.misses++;
    }
  }
  if ('requestVideoFrameCallback' in HTMLVideoElement.prototype) video.requestVideoFrameCallback(onVideoFrame);

  // ---- stats ---------------------------------------------------------------------------------------------------
  let previous = null;
  const percentile = (values, p) => {
    if (!values.length) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  };

  async function collectStats() {
    const pc = state.pc;
    if (!pc) return;
    const report = await pc.getStats();
    let inbound = null;
    let pairId = null;
    const pairs = new Map();
    report.forEach(s => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') inbound = s;
      else if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      else if (s.type === 'candidate-pair') pairs.set(s.id, s);
    });
    const pair = (pairId && pairs.get(pairId)) || [...pairs.values()].find(p => p.nominated && p.state === 'succeeded');
    const s = state.stats;
    if (inbound) {
      const now = inbound.timestamp;
      if (previous && now > previous.timestamp) {
        const seconds = (now - previous.timestamp) / 1000;
        s.fps = (inbound.framesDecoded - previous.framesDecoded) / seconds;
        s.bitrate = ((inbound.bytesReceived - previous.bytesReceived) * 8) / seconds;
      }
      previous = { timestamp: now, framesDecoded: inbound.framesDecoded || 0, bytesReceived: inbound.bytesReceived || 0 };
      s.width = inbound.frameWidth || video.videoWidth;
      s.height = inbound.frameHeight || video.videoHeight;
      s.framesDecoded = inbound.framesDecoded || 0;
    }
    s.rtt = pair && pair.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 : null;
    const recent = state.pattern.samples.slice(-Math.max(30, Math.round(s.fps || 30)));
    s.latencyP50 = state.pattern.detected ? percentile(recent, 0.5) : null;
  }

  function renderStats() {
    if (statsBox.hidden) return;
    const s = state.stats;
    const lines = [
      `${s.width}x${s.height}  ${s.fps.toFixed(1)} fps  ${(s.bitrate / 1e6).toFixed(2)} Mb/s`,
      `RTT ${s.rtt === null ? '–' : s.rtt.toFixed(1) + ' ms'}  viewers ${state.viewers}  role ${state.role || '–'}`,
    ];
    if (s.latencyP50 !== null) lines.push(`capture→display ${s.latencyP50.toFixed(1)} ms (p50)`);
    statsBox.textContent = lines.join('\n');
  }

  setInterval(() => { collectStats().then(renderStats).catch(() => {}); }, 1000);
  connect();
})();
