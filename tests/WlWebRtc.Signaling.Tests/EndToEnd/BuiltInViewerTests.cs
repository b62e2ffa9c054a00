using System.Text.Json.Serialization;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>Headless Chromium opens the built-in viewer at the URL the server prints and sees the test pattern.</summary>
[Collection(RealServerGroup.Name)]
public sealed class BuiltInViewerTests(ServerFixture fixture)
{
    [Fact]
    public async Task ViewerUrl_Chromium_ShowsQuadrantsAndReadsBarcodeLatency()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        try
        {
            await page.GotoAsync(fixture.Server.ViewerUrl);
            var state = await WaitAsync(page, s => s.FramesDecoded >= 30 && s.Samples >= 10, TimeSpan.FromSeconds(30));
            Assert.Equal("playing", state.Phase);
            Assert.Equal("control", state.Role);
            Assert.True(state.Detected, "the viewer did not recognise the test pattern's barcode");

            var sample = await page.EvaluateJsonAsync<QuadrantSample>(VideoScripts.SampleColours, "#video") ?? throw new InvalidOperationException("the video has no size");
            Assert.Equal((1280, 720), (sample.Width, sample.Height));
            sample.AssertPattern();

            // Latency from the barcode: positive and sane on one machine (the benchmark measures it properly).
            Assert.InRange(state.LatencyP50 ?? -1, 0.0, 1000.0);
            await page.ClickAsync("#toggle-stats");
            await UntilAsync(page, "() => document.getElementById('stats').textContent.includes('capture')");
            var overlay = await page.InnerTextAsync("#stats");
            Assert.Contains("1280x720", overlay, StringComparison.Ordinal);
            Assert.Contains("RTT", overlay, StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task ViewerUrl_WrongToken_ShowsAccessDenied()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        try
        {
            await page.GotoAsync(new Uri(fixture.Server.BaseUrl, "/?token=wrong-token-0000000000").ToString());
            await UntilAsync(page, "() => !!window.wlwebrtcViewer && window.wlwebrtcViewer.phase === 'unauthorized'");
            Assert.Contains("Access denied", await page.InnerTextAsync("#status"), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task ViewerUrl_StatsButton_KeepsAriaPressedInStepWithTheOverlay()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        try
        {
            await page.GotoAsync(fixture.Server.ViewerUrl);
            await UntilAsync(page, "() => !!window.wlwebrtcViewer");
            Assert.Equal("false", await page.GetAttributeAsync("#toggle-stats", "aria-pressed"));
            Assert.Equal("false", await page.GetAttributeAsync("#fullscreen", "aria-pressed"));
            await page.ClickAsync("#toggle-stats");
            Assert.Equal("true", await page.GetAttributeAsync("#toggle-stats", "aria-pressed"));
            Assert.True(await page.IsVisibleAsync("#stats"), "the overlay is hidden while the button says pressed");
            await page.ClickAsync("#toggle-stats");
            Assert.Equal("false", await page.GetAttributeAsync("#toggle-stats", "aria-pressed"));
            Assert.True(await page.IsHiddenAsync("#stats"), "the overlay is shown while the button says not pressed");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task ViewerUrl_HoldEscape_ReleasesKeysAndMovesFocusToToolbar()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        try
        {
            // Records what the page sends on data channels (an init script runs outside the page's CSP).
            await page.AddInitScriptAsync("""
                (() => {
                  window.__sent = [];
                  const send = RTCDataChannel.prototype.send;
                  RTCDataChannel.prototype.send = function (data) { window.__sent.push(data); return send.call(this, data); };
                })();
                """);
            await page.GotoAsync(fixture.Server.ViewerUrl);
            await UntilAsync(page, "() => !!window.wlwebrtcViewer && window.wlwebrtcViewer.role === 'control' && window.wlwebrtcViewer.dcOpen");
            await page.FocusAsync("#stage");

            // A tap goes to the remote desktop and keeps the keyboard there.
            await page.Keyboard.PressAsync("Escape");
            await UntilAsync(page, """() => window.__sent.includes('{"t":"k","c":"Escape","d":false,"k":"Escape"}')""");
            Assert.Equal("stage", await page.EvaluateAsync<string>("() => document.activeElement.closest('#stage')?.id")); // the stage or its text sink

            // A hold releases: what the remote side holds is released and keys stay on the page (the toolbar).
            await page.EvaluateAsync("() => { window.__sent.length = 0; }");
            await page.Keyboard.DownAsync("Escape");
            await UntilAsync(page, "() => document.activeElement.id === 'fullscreen'");
            await page.Keyboard.UpAsync("Escape");
            await page.Keyboard.PressAsync("KeyA");
            // keys only: pongs, the layout report (kl) and the stage-size report (vs, sent 300 ms after the role) are not input
            var sent = await page.EvaluateAsync<string[]>("() => window.__sent.filter(m => !m.includes('\"pong\"') && !m.includes('\"kl\"') && !m.includes('\"vs\"'))");
            Assert.Equal(new[] { """{"t":"k","c":"Escape","d":true,"k":"Escape"}""", """{"t":"ra"}""" }, sent);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    // Polls with evaluate: WaitForFunction evaluates strings, which the viewer's Content-Security-Policy forbids.
    internal static async Task UntilAsync(Microsoft.Playwright.IPage page, string predicate)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!await page.EvaluateAsync<bool>(predicate))
        {
            Assert.True(DateTime.UtcNow < deadline, $"still false after 15 s: {predicate}");
            await Task.Delay(200);
        }
    }

    internal static async Task<ViewerState> WaitAsync(Microsoft.Playwright.IPage page, Func<ViewerState, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        ViewerState? state = null;
        while (DateTime.UtcNow < deadline)
        {
            state = await page.EvaluateJsonAsync<ViewerState>(ViewerState.Script, null);
            if (state is not null && done(state))
            {
                return state;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"viewer state after {timeout.TotalSeconds} s: {state}");
    }
}

internal sealed record ViewerState(
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("framesDecoded")] long FramesDecoded,
    [property: JsonPropertyName("detected")] bool Detected,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("latencyP50")] double? LatencyP50,
    [property: JsonPropertyName("reconnects")] int Reconnects)
{
    public const string Script = """
        () => {
          const s = window.wlwebrtcViewer;
          if (!s) return null;
          const sorted = [...s.pattern.samples].sort((a, b) => a - b);
          return { phase: s.phase, role: s.role, framesDecoded: s.stats.framesDecoded, detected: s.pattern.detected,
            samples: sorted.length, latencyP50: sorted.length ? sorted[Math.floor(sorted.length / 2)] : null, reconnects: s.reconnects };
        }
        """;
}
