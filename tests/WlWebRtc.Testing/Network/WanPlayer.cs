using System.Text.Json;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// Plays a WHEP sender in headless Chromium for a fixed time and records what a viewer sees: when it started, every
/// presented frame (requestVideoFrameCallback, Unix ms) and getStats() once a second. The page is served from where
/// the browser runs (<see cref="Wire.NamespacePageServer"/> on the viewer side's loopback); signalling and media go to
/// the sender across the wire. All times are wall-clock Unix ms, comparable with <see cref="Wire.WanWire.StartedUnixMs"/>.
/// </summary>
public static class WanPlayer
{
    /// <summary>The player page (serve it to the browser, then call <see cref="PlayAsync"/>).</summary>
    public const string Page = """
        <!doctype html><html><body><video id="v" autoplay muted playsinline></video><script>
        const video = document.getElementById('v');
        // performance.timeOrigin can be tens of ms off the system clock (Chromium derives it once from its monotonic
        // clock); the emulator's times are the system clock's, so align to Date.now() (1 ms resolution). Date.now()
        // is read between two performance.now(): on a loaded machine the thread can be preempted between two reads
        // for tens of ms (which once put frames before they were sent), so the pair read closest together wins, and
        // the alignment is repeated every second and kept when tighter. Frame times are kept on the performance
        // clock and aligned at the end.
        const syncClock = () => {
          let best = null;
          for (let i = 0; i < 100; i++) {
            const p1 = performance.now(); const wall = Date.now(); const p2 = performance.now();
            if (best === null || p2 - p1 < best.spread) best = { spread: p2 - p1, offset: wall + 0.5 - (performance.timeOrigin + (p1 + p2) / 2) };
            if (best.spread < 0.1) break;
          }
          return best;
        };
        let clock = syncClock();
        const perfNow = () => performance.timeOrigin + performance.now();
        const unixNow = () => perfNow() + clock.offset;
        async function inbound(pc) {
          const out = { t: unixNow() };
          (await pc.getStats()).forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') {
              for (const k of ['framesDecoded', 'framesDropped', 'framesReceived', 'keyFramesDecoded', 'freezeCount', 'totalFreezesDuration',
                'bytesReceived', 'packetsReceived', 'packetsLost', 'nackCount', 'pliCount', 'firCount', 'frameWidth', 'frameHeight',
                'framesPerSecond', 'jitterBufferDelay', 'jitterBufferEmittedCount', 'fecPacketsReceived', 'fecPacketsDiscarded',
                'retransmittedPacketsReceived']) out[k] = s[k] ?? 0;
            }
            if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') out.rtt = s.currentRoundTripTime ?? null;
          });
          return out;
        }
        window.runWan = async settings => {
          const result = { ok: false, startedAt: unixNow(), frames: [], rtp: [], seen: [], received: [], stats: [] };
          try {
            // The fake camera grants the permission Chromium needs to gather loopback candidates.
            const fake = await navigator.mediaDevices.getUserMedia({ video: true });
            const pc = new RTCPeerConnection({ iceServers: [] });
            pc.addTransceiver('video', { direction: 'recvonly' });
            pc.ontrack = e => { video.srcObject = new MediaStream([e.track]); video.play().catch(() => {}); };
            pc.oniceconnectionstatechange = () => { if (pc.iceConnectionState === 'connected' && !result.connectedAt) result.connectedAt = unixNow(); };
            // Per frame: presentationTime (the compositor's, can lie before the frame reached the page in headless
            // Chromium), when this callback ran (surely after the frame was presented: the latency's end point) and
            // receiveTime (its last packet's arrival: the network part).
            const onFrame = (now, meta) => {
              result.seen.push(perfNow());
              result.frames.push(performance.timeOrigin + meta.presentationTime);
              result.rtp.push(meta.rtpTimestamp ?? -1);
              result.received.push(meta.receiveTime ? performance.timeOrigin + meta.receiveTime : -1);
              video.requestVideoFrameCallback(onFrame);
            };
            video.requestVideoFrameCallback(onFrame);
            await pc.setLocalDescription(await pc.createOffer());
            await new Promise(r => { if (pc.iceGatheringState === 'complete') r(); pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r(); setTimeout(r, 3000); });
            result.offerAt = unixNow();
            const response = await fetch(settings.whep, { method: 'POST', headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer ' + settings.token }, body: pc.localDescription.sdp });
            if (response.status !== 201) throw new Error('WHEP answered ' + response.status + ': ' + await response.text());
            await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
            result.answerAt = unixNow();
            fake.getTracks().forEach(t => t.stop());
            const end = result.startedAt + settings.seconds * 1000;
            while (unixNow() < end) {
              await new Promise(r => setTimeout(r, Math.min(1000, Math.max(0, end - unixNow()))));
              result.stats.push(await inbound(pc));
              const again = syncClock();
              if (again.spread <= clock.spread) clock = again;
            }
            result.width = video.videoWidth; result.height = video.videoHeight;
            result.ok = true;
            pc.close();
          } catch (e) {
            result.error = String(e);
          }
          const toUnix = t => t < 0 ? t : t + clock.offset;
          result.frames = result.frames.map(toUnix); result.seen = result.seen.map(toUnix); result.received = result.received.map(toUnix);
          result.clockSpreadMs = clock.spread;
          return result;
        };
        </script></body></html>
        """;

    /// <summary>Opens the page (<see cref="Page"/>, served at <paramref name="pageAddress"/>) in <paramref name="browser"/> and plays <paramref name="whep"/> for <paramref name="duration"/>.</summary>
    public static async Task<PlaybackTrace> PlayAsync(HeadlessChromium browser, Uri pageAddress, Uri whep, string token, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(pageAddress);
        // Served from the browser's own loopback by a real server: Chromium's Local Network Access refuses requests
        // to private addresses from a page it considers public (one Playwright intercepts).
        var page = await browser.Context.NewPageAsync().ConfigureAwait(false);
        try
        {
            await page.GotoAsync(pageAddress.ToString()).ConfigureAwait(false);
            var settings = new Dictionary<string, object> { ["whep"] = whep.ToString(), ["token"] = token, ["seconds"] = duration.TotalSeconds };
            var result = await page.EvaluateAsync<JsonElement>("s => window.runWan(s)", settings)
                .WaitAsync(duration + TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return PlaybackTrace.From(result);
        }
        finally
        {
            await page.CloseAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>What the viewer saw in one run (Unix ms throughout); <see cref="Presented"/> pairs each presented frame with its RTP timestamp.</summary>
public sealed record PlaybackTrace(bool Ok, string? Error, double StartedAt, double? OfferAt, double? AnswerAt, double? ConnectedAt, IReadOnlyList<double> Frames, IReadOnlyList<StatsSample> Stats, int Width, int Height)
{
    public IReadOnlyList<(double At, uint RtpTimestamp)> Presented { get; init; } = [];

    /// <summary>Every presented frame with an RTP timestamp, in callback order: the three times the page recorded.</summary>
    public IReadOnlyList<PresentedFrame> PresentedFrames { get; init; } = [];

    public static PlaybackTrace From(JsonElement result)
    {
        double? Optional(string name) => result.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        var frames = result.GetProperty("frames").EnumerateArray().Select(f => f.GetDouble()).ToList();
        var rtp = result.TryGetProperty("rtp", out var r) ? r.EnumerateArray().Select(t => t.GetDouble()).ToList() : [];
        var presented = frames.Zip(rtp).Where(p => p.Second >= 0).Select(p => (p.First, (uint)p.Second)).ToList();
        var seen = result.TryGetProperty("seen", out var se) ? se.EnumerateArray().Select(t => t.GetDouble()).ToList() : [];
        var received = result.TryGetProperty("received", out var re) ? re.EnumerateArray().Select(t => t.GetDouble()).ToList() : [];
        var presentedFrames = Enumerable.Range(0, Math.Min(Math.Min(frames.Count, rtp.Count), Math.Min(seen.Count, received.Count)))
            .Where(i => rtp[i] >= 0)
            .Select(i => new PresentedFrame(frames[i], seen[i], received[i] > 0 ? received[i] : null, (uint)rtp[i]))
            .ToList();
        frames.Sort();
        var stats = result.GetProperty("stats").EnumerateArray().Select(StatsSample.From).ToList();
        return new PlaybackTrace(
            result.GetProperty("ok").GetBoolean(),
            result.TryGetProperty("error", out var error) ? error.GetString() : null,
            result.GetProperty("startedAt").GetDouble(),
            Optional("offerAt"),
            Optional("answerAt"),
            Optional("connectedAt"),
            frames,
            stats,
            (int)(Optional("width") ?? 0),
            (int)(Optional("height") ?? 0))
        {
            Presented = presented,
            PresentedFrames = presentedFrames,
        };
    }
}

/// <summary>
/// One presented frame (Unix ms): <paramref name="PresentedAt"/> is requestVideoFrameCallback's presentationTime,
/// <paramref name="SeenAt"/> when the callback ran (after the presentation), <paramref name="ReceivedAt"/> its
/// receiveTime (the last packet's arrival), if the browser gave one.
/// </summary>
public sealed record PresentedFrame(double PresentedAt, double SeenAt, double? ReceivedAt, uint RtpTimestamp);

/// <summary>One getStats() snapshot of the inbound video (cumulative counters as the browser reports them).</summary>
public sealed record StatsSample(double At, long FramesDecoded, long FramesDropped, long KeyFramesDecoded, long FreezeCount, double TotalFreezesDuration, long BytesReceived,
    long PacketsLost, long NackCount, long PliCount, int FrameWidth, int FrameHeight, double? RoundTripSeconds)
{
    /// <summary>ULPFEC packets the browser received (inbound-rtp fecPacketsReceived).</summary>
    public long FecPacketsReceived { get; init; }

    /// <summary>FEC packets it did not need (fecPacketsDiscarded).</summary>
    public long FecPacketsDiscarded { get; init; }

    public long RetransmittedPacketsReceived { get; init; }

    public long PacketsReceived { get; init; }

    /// <summary>Seconds frames spent in the jitter buffer in all (jitterBufferDelay) and how many left it (jitterBufferEmittedCount).</summary>
    public double JitterBufferDelay { get; init; }

    public long JitterBufferEmittedCount { get; init; }

    public long FramesReceived { get; init; }

    public static StatsSample From(JsonElement s)
    {
        long L(string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : 0;
        double D(string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        return new StatsSample(D("t"), L("framesDecoded"), L("framesDropped"), L("keyFramesDecoded"), L("freezeCount"), D("totalFreezesDuration"), L("bytesReceived"),
            L("packetsLost"), L("nackCount"), L("pliCount"), (int)L("frameWidth"), (int)L("frameHeight"),
            s.TryGetProperty("rtt", out var rtt) && rtt.ValueKind == JsonValueKind.Number ? rtt.GetDouble() : null)
        {
            FecPacketsReceived = L("fecPacketsReceived"),
            FecPacketsDiscarded = L("fecPacketsDiscarded"),
            RetransmittedPacketsReceived = L("retransmittedPacketsReceived"),
            PacketsReceived = L("packetsReceived"),
            JitterBufferDelay = D("jitterBufferDelay"),
            JitterBufferEmittedCount = L("jitterBufferEmittedCount"),
            FramesReceived = L("framesReceived"),
        };
    }
}
