using Microsoft.Playwright;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// A Chromium page that subscribes to the room's publisher through the front-end (Janus offers, the page answers)
/// and reads the test pattern's latency barcode from each new frame with the latency-probe library's own reader.
/// </summary>
internal static class SfuSubscriber
{
    /// <summary>Subscribes; returns "ok" or why not (no publisher yet, start refused).</summary>
    private const string Subscribe = """
        async () => {
          const r = await fetch('/subscribe', { method: 'POST' });
          if (!r.ok) return 'subscribe: ' + r.status + ' ' + await r.text();
          const { id, sdp } = await r.json();
          if (window.pc) window.pc.close();
          const pc = new RTCPeerConnection();
          window.pc = pc;
          window.barcodes = new Map();
          let video = document.querySelector('video');
          if (!video) { video = document.createElement('video'); video.muted = true; video.autoplay = true; video.playsInline = true; document.body.appendChild(video); }
          pc.ontrack = e => { video.srcObject = e.streams[0] || new MediaStream([e.track]); video.play().catch(() => {}); };
          await pc.setRemoteDescription({ type: 'offer', sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise(done => {
            if (pc.iceGatheringState === 'complete') done();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') done(); };
            setTimeout(done, 3000);
          });
          const a = await fetch('/subscribe/' + id, { method: 'POST', body: pc.localDescription.sdp });
          if (!a.ok) return 'start: ' + a.status;
          const canvas = document.createElement('canvas');
          const g = canvas.getContext('2d', { willReadFrequently: true });
          const B = window.__barcode;
          const onFrame = () => {
            if (window.pc !== pc) return;
            try {
              if (video.videoWidth >= B.WIDTH) {
                canvas.width = video.videoWidth; canvas.height = video.videoHeight;
                g.drawImage(video, 0, 0);
                const code = B.readRow(g.getImageData(0, B.SAMPLE_ROW, B.WIDTH, 1).data, 4);
                if (code && !window.barcodes.has(code.counter)) {
                  window.barcodes.set(code.counter, Date.now() - B.rebuildUnixMs(code.low32, Date.now()));
                }
              }
            } catch (e) {
              window.frameError = String(e);
            }
            video.requestVideoFrameCallback(onFrame);
          };
          video.requestVideoFrameCallback(onFrame);
          return 'ok';
        }
        """;

    /// <summary>Opens a page on the front-end with the barcode reader loaded (latency-barcode.js without its exports).</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext browser, Uri frontEnd)
    {
        var reader = await File.ReadAllTextAsync(Path.Combine(ServerProcess.RepositoryRoot(), "libraries", "WlWebRtc.LatencyProbe", "latency-barcode.js"));
        var page = await browser.NewPageAsync();
        await page.AddInitScriptAsync("window.__barcode = (() => {\n" + reader.Replace("export ", string.Empty, StringComparison.Ordinal) + "\nreturn { readRow, rebuildUnixMs, WIDTH, SAMPLE_ROW };\n})();");
        await page.GotoAsync(frontEnd.ToString());
        return page;
    }

    /// <summary>Subscribes (again, while the room has no publisher yet) until it works.</summary>
    public static async Task SubscribeAsync(IPage page)
    {
        var last = string.Empty;
        await Poll.UntilAsync(async () => (last = await page.EvaluateAsync<string>(Subscribe)) == "ok", "a subscription through Janus: " + last, TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(1));
    }

    /// <summary>The subscriber's inbound video statistics and the video element's size, for failure messages.</summary>
    public static Task<string> DescribeAsync(IPage page) => page.EvaluateAsync<string>(
        """
        async () => {
          if (!window.pc) return 'no peer connection';
          const v = document.querySelector('video');
          const lines = ['barcodes ' + (window.barcodes ? window.barcodes.size : '-') + ', reader ' + typeof window.__barcode + ', error ' + window.frameError, 'pc ' + window.pc.connectionState + ', video ' + (v ? v.videoWidth + 'x' + v.videoHeight + ' paused=' + v.paused : 'none')];
          (await window.pc.getStats()).forEach(r => { if (r.type === 'inbound-rtp') lines.push(JSON.stringify(r)); });
          return lines.join('\n');
        }
        """);

    /// <summary>How many different frames showed a readable barcode, and their median capture-to-display latency (ms).</summary>
    public static async Task<(int Frames, double MedianMs)> BarcodesAsync(IPage page)
    {
        var values = await page.EvaluateAsync<double[]>("() => window.barcodes ? [...window.barcodes.values()].sort((a, b) => a - b) : []");
        return (values.Length, values.Length == 0 ? double.NaN : values[values.Length / 2]);
    }
}
