namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>JavaScript the tests evaluate in Chromium pages.</summary>
internal static class PageScripts
{
    /// <summary>A WHEP player page: <c>play(url, token)</c>, <c>stats()</c>, <c>leave(token)</c>.</summary>
    public const string WhepPlayer = """
        <!doctype html>
        <html><body>
        <video id="v" autoplay muted playsinline></video>
        <script>
        window.resource = null;
        async function play(url, token) {
          // The fake camera grants the permission Chromium needs to gather loopback candidates.
          window.fakeStream = await navigator.mediaDevices.getUserMedia({ video: true });
          const pc = new RTCPeerConnection({ iceServers: [] });
          window.pc = pc;
          pc.addTransceiver('video', { direction: 'recvonly' });
          pc.ontrack = e => { const v = document.getElementById('v'); v.srcObject = new MediaStream([e.track]); v.play().catch(() => {}); };
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 3000);
          });
          const headers = { 'Content-Type': 'application/sdp' };
          if (token) headers.Authorization = 'Bearer ' + token;
          const response = await fetch(url, { method: 'POST', headers, body: pc.localDescription.sdp });
          const body = await response.text();
          if (response.status !== 201) return { status: response.status, body };
          window.resource = new URL(response.headers.get('Location'), url).href;
          await pc.setRemoteDescription({ type: 'answer', sdp: body });
          return { status: 201, location: response.headers.get('Location') };
        }
        async function postRaw(url, token, sdp) {
          const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer ' + token }, body: sdp });
          return { status: response.status, body: await response.text() };
        }
        async function stats() {
          const out = { connectionState: window.pc ? window.pc.connectionState : 'none', framesDecoded: 0, keyFramesDecoded: 0, frameWidth: 0, frameHeight: 0 };
          if (!window.pc) return out;
          (await window.pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') {
              out.framesDecoded = s.framesDecoded || 0; out.keyFramesDecoded = s.keyFramesDecoded || 0;
              out.frameWidth = s.frameWidth || 0; out.frameHeight = s.frameHeight || 0;
            }
          });
          return out;
        }
        async function leave(token) {
          const response = await fetch(window.resource, { method: 'DELETE', headers: { Authorization: 'Bearer ' + token } });
          window.pc.close();
          return response.status;
        }
        </script>
        </body></html>
        """;
}
