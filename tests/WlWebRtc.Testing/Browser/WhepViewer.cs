using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace WlWebRtc.Testing.Browser;

/// <summary>
/// A Chromium page that plays the server through WHEP, the offer made in the page (with the RTCConfiguration a test
/// gives: ICE servers, relay-only) and posted by the test itself (the server may sit behind a NAT the page's origin
/// knows nothing of). The page reports the selected candidate pair and the time from the offer to the first frame.
/// </summary>
public sealed class WhepViewer : IAsyncDisposable
{
    private const string Html = """
        <!doctype html><html><body><video id="v" autoplay muted playsinline></video><script>
        window.makeOffer = async config => {
          // The camera permission makes Chromium offer its real host addresses instead of mDNS names.
          window.stream = await navigator.mediaDevices.getUserMedia({ video: true });
          const pc = new RTCPeerConnection(config);
          window.pc = pc;
          window.iceStates = [];
          pc.oniceconnectionstatechange = () => window.iceStates.push(pc.iceConnectionState);
          pc.addTransceiver('video', { direction: 'recvonly' });
          const video = document.getElementById('v');
          pc.ontrack = e => {
            video.srcObject = new MediaStream([e.track]);
            video.play().catch(() => {});
            video.requestVideoFrameCallback(() => { window.firstFrameAt = performance.now(); });
          };
          window.startedAt = performance.now();
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') resolve();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 10000);
          });
          return pc.localDescription.sdp;
        };
        window.setAnswer = sdp => window.pc.setRemoteDescription({ type: 'answer', sdp });
        window.viewerStats = async () => {
          const report = await window.pc.getStats();
          let frames = 0, pairId = null;
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0;
            if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
          });
          const pair = pairId ? report.get(pairId) : null;
          const local = pair ? report.get(pair.localCandidateId) : null;
          const remote = pair ? report.get(pair.remoteCandidateId) : null;
          return {
            iceState: window.pc.iceConnectionState,
            iceStates: window.iceStates.join(','),
            framesDecoded: frames,
            localType: local ? local.candidateType : null,
            localProtocol: local ? local.protocol : null,
            remoteType: remote ? remote.candidateType : null,
            remoteProtocol: remote ? remote.protocol : null,
            remoteAddress: remote ? remote.address + ':' + remote.port : null,
            firstFrameMs: window.firstFrameAt ? window.firstFrameAt - window.startedAt : null,
            localRelayProtocol: local && local.relayProtocol ? local.relayProtocol : null,
          };
        };
        </script></body></html>
        """;

    private readonly IPage _page;
    private readonly HeadlessChromium _browser;

    private WhepViewer(IPage page, HeadlessChromium browser)
    {
        _page = page;
        _browser = browser;
    }

    public static async Task<WhepViewer> OpenAsync(HeadlessChromium browser)
    {
        ArgumentNullException.ThrowIfNull(browser);
        return new WhepViewer(await browser.NewPageAsync(Html).ConfigureAwait(false), browser);
    }

    /// <summary>
    /// Makes the offer with <paramref name="configuration"/> (an RTCConfiguration object), posts it to
    /// <paramref name="whep"/>, applies the answer and returns it.
    /// </summary>
    public async Task<string> ConnectAsync(Uri whep, string token, object configuration)
    {
        var offer = await _page.EvaluateAsync<string>("config => makeOffer(config)", configuration).ConfigureAwait(false);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, whep) { Content = new StringContent(offer, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"WHEP answered {(int)response.StatusCode}: {answer}");
        }

        await _page.EvaluateAsync("sdp => setAnswer(sdp)", answer).ConfigureAwait(false);
        return answer;
    }

    public async Task<WhepViewerStats> StatsAsync() =>
        JsonSerializer.Deserialize<WhepViewerStats>(await _page.EvaluateAsync<string>("async () => JSON.stringify(await viewerStats())").ConfigureAwait(false))!;

    /// <summary>Waits until <paramref name="frames"/> frames are decoded; throws with the last stats and the console otherwise.</summary>
    public async Task<WhepViewerStats> WaitForFramesAsync(long frames, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        WhepViewerStats stats;
        do
        {
            stats = await StatsAsync().ConfigureAwait(false);
            if (stats.FramesDecoded >= frames && stats.FirstFrameMilliseconds is not null)
            {
                return stats;
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"decoded {stats.FramesDecoded} of {frames} frames within {timeout.TotalSeconds} s ({stats}); console:\n{string.Join('\n', _browser.ConsoleLines)}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _page.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
        }
    }
}

/// <summary>What <see cref="WhepViewer"/>'s page reports (getStats of its peer connection).</summary>
public sealed record WhepViewerStats(
    [property: JsonPropertyName("iceState")] string IceState,
    [property: JsonPropertyName("iceStates")] string IceStates,
    [property: JsonPropertyName("framesDecoded")] long FramesDecoded,
    [property: JsonPropertyName("localType")] string? LocalType,
    [property: JsonPropertyName("localProtocol")] string? LocalProtocol,
    [property: JsonPropertyName("remoteType")] string? RemoteType,
    [property: JsonPropertyName("remoteProtocol")] string? RemoteProtocol,
    [property: JsonPropertyName("remoteAddress")] string? RemoteAddress,
    [property: JsonPropertyName("firstFrameMs")] double? FirstFrameMilliseconds,
    [property: JsonPropertyName("localRelayProtocol")] string? LocalRelayProtocol = null);
