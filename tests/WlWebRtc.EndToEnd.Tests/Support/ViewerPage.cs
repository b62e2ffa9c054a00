using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>The built-in viewer open in headless Chromium: its state, the colours of its video, what it sent on the input channel.</summary>
internal sealed class ViewerPage : IAsyncDisposable
{
    // Records every message the page sends on a data channel (for failure messages); injected before the viewer runs,
    // through the DevTools protocol, so the viewer's Content-Security-Policy does not apply.
    private const string RecordSends = """
        (() => {
          window.__sentOnChannels = [];
          const send = RTCDataChannel.prototype.send;
          RTCDataChannel.prototype.send = function (data) {
            if (typeof data === 'string' && window.__sentOnChannels.length < 2000) window.__sentOnChannels.push(this.label + ' ' + data);
            return send.call(this, data);
          };
        })();
        """;

    private const string StateScript = """
        () => {
          const s = window.wlwebrtcViewer;
          if (!s) return null;
          return { phase: s.phase, role: s.role, framesDecoded: s.stats.framesDecoded,
            dcOpen: !!(s.dc && s.dc.readyState === 'open'), lastError: s.lastError ? String(s.lastError) : null };
        }
        """;

    // Samples the <video> at five points (quadrant centres and the middle) through a canvas.
    private const string SampleScript = """
        () => {
          const v = document.getElementById('video');
          const w = v.videoWidth, h = v.videoHeight;
          if (!w || !h) return null;
          const c = document.createElement('canvas');
          c.width = w; c.height = h;
          const g = c.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0, w, h);
          const at = (x, y) => Array.from(g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3));
          return [at(w / 4, h / 4), at(3 * w / 4, h / 4), at(w / 4, 3 * h / 4), at(3 * w / 4, 3 * h / 4), at(w / 2, h / 2)];
        }
        """;

    private readonly HeadlessChromium _browser;

    private ViewerPage(HeadlessChromium browser, IPage page)
    {
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<ViewerPage> OpenAsync(string url)
    {
        var browser = await HeadlessChromium.LaunchAsync();
        try
        {
            var page = await browser.Context.NewPageAsync();
            await page.AddInitScriptAsync(RecordSends);
            await page.GotoAsync(url);
            return new ViewerPage(browser, page);
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the viewer plays with the control role and an open input channel, and has decoded a frame.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="nudge">Called every few seconds meanwhile (e.g. to damage the screen: frames are damage-driven).</param>
    public async Task WaitUntilPlayingWithControlAsync(TimeSpan timeout, Func<Task>? nudge = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var nextNudge = DateTime.UtcNow;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var state = await Page.EvaluateAsync<JsonElement?>(StateScript);
            last = state?.ToString() ?? "null";
            if (state is { ValueKind: JsonValueKind.Object } s
                && s.GetProperty("phase").GetString() == "playing"
                && s.GetProperty("role").ValueKind == JsonValueKind.String && s.GetProperty("role").GetString() == "control"
                && s.GetProperty("dcOpen").GetBoolean()
                && s.GetProperty("framesDecoded").GetInt64() > 0)
            {
                return;
            }

            if (nudge is not null && DateTime.UtcNow >= nextNudge)
            {
                await nudge();
                nextNudge = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The viewer was not playing with control after {timeout.TotalSeconds} s; state: {last}; console:\n{ConsoleText}");
    }

    /// <summary>The colours at five points of the video frame now, or null while it has no size.</summary>
    public async Task<int[][]?> SampleAsync()
    {
        var result = await Page.EvaluateAsync<JsonElement?>(SampleScript);
        return result is { ValueKind: JsonValueKind.Array } array
            ? [.. array.EnumerateArray().Select(p => p.EnumerateArray().Select(c => c.GetInt32()).ToArray())]
            : null;
    }

    /// <summary>Messages the page sent on data channels so far ("label json").</summary>
    public async Task<IReadOnlyList<string>> SentMessagesAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.__sentOnChannels || []");

    public string ConsoleText => string.Join('\n', _browser.ConsoleLines.TakeLast(30));

    public static string Describe(int[][]? samples) =>
        samples is null ? "no frame" : string.Join(" ", samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"({p[0]},{p[1]},{p[2]})")));

    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();
}
