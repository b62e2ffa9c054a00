using Microsoft.Playwright;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>One viewer page in a headless Chromium, driven through page.EvaluateAsync.</summary>
internal sealed class ChromiumViewer : IAsyncDisposable
{
    private readonly HeadlessChromium _browser;
    private readonly IPage _page;

    private ChromiumViewer(HeadlessChromium browser, IPage page)
    {
        _browser = browser;
        _page = page;
    }

    public HeadlessChromium Browser => _browser;

    public static async Task<ChromiumViewer> OpenAsync(HeadlessChromium? shared = null)
    {
        var browser = shared ?? await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(ViewerPage.Html);
        return new ChromiumViewer(browser, page);
    }

    public Task<string> MakeOfferAsync() => _page.EvaluateAsync<string>("makeOffer()");

    /// <summary>An offer from an RTCPeerConnection made with <paramref name="configuration"/> (iceServers, iceTransportPolicy).</summary>
    public Task<string> MakeOfferAsync(object configuration) => _page.EvaluateAsync<string>("config => makeOffer(config)", configuration);

    /// <summary>The local candidate type of Chromium's selected pair ("host", "srflx", "relay", "prflx"), or null.</summary>
    public Task<string?> SelectedLocalCandidateTypeAsync() => _page.EvaluateAsync<string?>("""
        async () => {
          const report = await pc.getStats();
          let pairId = null;
          report.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
          if (!pairId) return null;
          const pair = report.get(pairId);
          const local = pair && report.get(pair.localCandidateId);
          return local ? local.candidateType : null;
        }
        """);

    /// <summary>How Chromium's selected local relay candidate reaches its TURN server ("udp", "tcp", "tls"), or null.</summary>
    public Task<string?> SelectedLocalRelayProtocolAsync() => _page.EvaluateAsync<string?>("""
        async () => {
          const report = await pc.getStats();
          let pairId = null;
          report.forEach(s => { if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId; });
          const pair = pairId && report.get(pairId);
          const local = pair && report.get(pair.localCandidateId);
          return local && local.relayProtocol ? local.relayProtocol : null;
        }
        """);

    public Task<string> AcceptOfferAsync(string sdp, bool passive) => _page.EvaluateAsync<string>("([sdp, passive]) => acceptOffer(sdp, passive)", new object[] { sdp, passive });

    public Task SetAnswerAsync(string sdp) => _page.EvaluateAsync("sdp => setAnswer(sdp)", sdp);

    /// <summary>pc.restartIce() (after setConfiguration(<paramref name="configuration"/>) when given): the re-offer once gathered.</summary>
    public Task<string> RestartOfferAsync(object? configuration = null) => _page.EvaluateAsync<string>("config => restartOffer(config)", configuration);

    /// <summary>pc.addIceCandidate with a trickled candidate of the server; null adds end-of-candidates.</summary>
    public Task AddCandidateAsync(WlWebRtc.Transport.IceCandidate? candidate) => _page.EvaluateAsync(
        "init => addCandidate(init)", candidate is null ? null : new { candidate = candidate.Candidate, sdpMid = candidate.SdpMid, sdpMLineIndex = candidate.SdpMLineIndex });

    /// <summary>The types of the remote candidates Chromium knows (from getStats).</summary>
    public Task<string[]> RemoteCandidateTypesAsync() => _page.EvaluateAsync<string[]>("remoteCandidateTypes()");

    public Task<VideoStats> StatsAsync() => _page.EvaluateAsync<VideoStats>("videoStats()");

    public Task<PatternSample?> SampleAsync() => _page.EvaluateAsync<PatternSample?>("samplePattern()");

    public Task<bool> DataChannelOpenAsync() => _page.EvaluateAsync<bool>("window.dcOpen");

    public Task SendAsync(string text) => _page.EvaluateAsync("t => window.dc.send(t)", text);

    public Task<string[]> ReceivedAsync() => _page.EvaluateAsync<string[]>("window.dcReceived.filter(x => typeof x === 'string')");

    public Task CloseAsync() => _page.EvaluateAsync("() => { window.pc.close(); }");

    public async Task<VideoStats> WaitForFramesAsync(long frames, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        VideoStats stats;
        do
        {
            stats = await StatsAsync();
            if (stats.FramesDecoded >= frames)
            {
                return stats;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Chromium decoded {stats.FramesDecoded} of {frames} frames in {timeout.TotalSeconds} s: {stats}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _page.CloseAsync();
        }
        catch (PlaywrightException)
        {
        }
    }
}
