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
        // ICE restart over WHEP (RFC 9725 section 4.3.2): restartIce(), the new ufrag/pwd and candidates in a PATCH with
        // If-Match: *, and the server's new ufrag/pwd and candidates from the 200 applied as the new answer.
        async function restart(token) {
          const pc = window.pc;
          pc.restartIce();
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 3000);
          });
          const lines = pc.localDescription.sdp.split('\r\n');
          const value = (all, prefix) => { const l = all.find(x => x.startsWith(prefix)); return l ? l.slice(prefix.length) : null; };
          const fragment = ['a=ice-ufrag:' + value(lines, 'a=ice-ufrag:'), 'a=ice-pwd:' + value(lines, 'a=ice-pwd:'),
            lines.find(l => l.startsWith('m=')), 'a=mid:' + value(lines, 'a=mid:'), ...lines.filter(l => l.startsWith('a=candidate:')),
            'a=end-of-candidates', ''].join('\r\n');
          const response = await fetch(window.resource, { method: 'PATCH', body: fragment,
            headers: { 'Content-Type': 'application/trickle-ice-sdpfrag', 'If-Match': '*', Authorization: 'Bearer ' + token } });
          const body = await response.text();
          if (response.status !== 200) return { status: response.status, body };
          const got = body.split('\r\n');
          const answer = pc.remoteDescription.sdp.split('\r\n')
            .filter(l => !l.startsWith('a=candidate:') && l !== 'a=end-of-candidates')
            .map(l => l.startsWith('a=ice-ufrag:') ? 'a=ice-ufrag:' + value(got, 'a=ice-ufrag:') : l.startsWith('a=ice-pwd:') ? 'a=ice-pwd:' + value(got, 'a=ice-pwd:') : l)
            .join('\r\n');
          await pc.setRemoteDescription({ type: 'answer', sdp: answer });
          for (const l of got.filter(x => x.startsWith('a=candidate:'))) await pc.addIceCandidate({ candidate: l.slice(2), sdpMLineIndex: 0 });
          return { status: 200, body, location: response.headers.get('ETag') };
        }
        function remoteUfrag() { return /a=ice-ufrag:(\S+)/.exec(window.pc.remoteDescription.sdp)[1]; }
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
