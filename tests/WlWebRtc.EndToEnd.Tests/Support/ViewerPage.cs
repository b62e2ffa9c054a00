using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>The built-in viewer open in headless Chromium: its state, the colours of its video, what it sent on the input channel.</summary>
internal sealed class ViewerPage : IAsyncDisposable
{
    // Records every message the page sends on a data channel (for failure messages), and keeps each channel the page
    // creates by label and what arrives on the clipboard channel (window.__channels, window.__clipboardReceived: tests send on
    // them as a hostile page would); injected before the viewer runs, through the DevTools protocol, so the viewer's
    // Content-Security-Policy does not apply.
    internal const string RecordSends = """
        (() => {
          window.__sentOnChannels = [];
          window.__channels = {};
          window.__clipboardReceived = [];
          const create = RTCPeerConnection.prototype.createDataChannel;
          RTCPeerConnection.prototype.createDataChannel = function (label, options) {
            const channel = create.call(this, label, options);
            window.__channels[label] = channel;
            channel.addEventListener('message', event => {
              if (label === 'clipboard' && typeof event.data === 'string' && window.__clipboardReceived.length < 2000) window.__clipboardReceived.push(event.data);
            });
            return channel;
          };
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

    private const string VideoStateScript = """
        () => {
          const v = document.getElementById('video');
          const s = window.wlwebrtcViewer;
          const r = v.getBoundingClientRect();
          return { videoWidth: v.videoWidth, videoHeight: v.videoHeight,
            statsWidth: s ? s.stats.width : 0, statsHeight: s ? s.stats.height : 0,
            framesDecoded: s ? s.stats.framesDecoded : 0, phase: s ? s.phase : 'none',
            left: r.left, top: r.top, width: r.width, height: r.height };
        }
        """;

    private const int ColourTolerance = 12;

    private readonly HeadlessChromium _browser;

    private ViewerPage(HeadlessChromium browser, IPage page)
    {
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>Opens the viewer in a fresh browser, with <paramref name="permissions"/> granted (e.g. clipboard-read) if any.</summary>
    /// <param name="url">The viewer's address.</param>
    /// <param name="permissions">Browser permissions to grant.</param>
    /// <param name="initScript">Script run in the page before the viewer's own (e.g. a keyboard layout map standing in for a German keyboard).</param>
    public static async Task<ViewerPage> OpenAsync(string url, IEnumerable<string>? permissions = null, string? initScript = null)
    {
        var browser = await HeadlessChromium.LaunchAsync();
        try
        {
            if (permissions is not null)
            {
                await browser.Context.GrantPermissionsAsync(permissions, new Microsoft.Playwright.BrowserContextGrantPermissionsOptions { Origin = new Uri(url).GetLeftPart(UriPartial.Authority) });
            }

            var page = await browser.Context.NewPageAsync();
            await page.AddInitScriptAsync(RecordSends);
            if (initScript is not null)
            {
                await page.AddInitScriptAsync(initScript);
            }

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
        var result = await Page.EvaluateAsync<JsonElement?>(VideoScripts.SampleColours, "#video");
        return result is { ValueKind: JsonValueKind.Object } sample
            ? [.. sample.GetProperty("colours").EnumerateArray().Select(p => p.EnumerateArray().Select(c => c.GetInt32()).ToArray())]
            : null;
    }

    /// <summary>The video element's intrinsic size, box and the viewer's decoding stats now.</summary>
    public async Task<VideoState> VideoStateAsync()
    {
        var s = await Page.EvaluateAsync<JsonElement>(VideoStateScript);
        return new VideoState(
            s.GetProperty("videoWidth").GetInt32(),
            s.GetProperty("videoHeight").GetInt32(),
            s.GetProperty("statsWidth").GetInt32(),
            s.GetProperty("statsHeight").GetInt32(),
            s.GetProperty("framesDecoded").GetInt64(),
            s.GetProperty("phase").GetString() ?? "",
            new ElementBox(s.GetProperty("left").GetDouble(), s.GetProperty("top").GetDouble(), s.GetProperty("width").GetDouble(), s.GetProperty("height").GetDouble()));
    }

    /// <summary>
    /// Waits until at least four of the five sampled points show <paramref name="colour"/> (#rrggbb; the cursor may
    /// cover one), calling <paramref name="repaint"/> every few seconds (frames are damage-driven); fails with
    /// the last samples, the console and <paramref name="diagnostics"/>.
    /// </summary>
    public async Task<int[][]> WaitForColourAsync(string colour, TimeSpan timeout, Func<Task> repaint, Func<string> diagnostics)
    {
        var expected = ParseColour(colour);
        var deadline = DateTime.UtcNow + timeout;
        var nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        int[][]? samples = null;
        while (DateTime.UtcNow < deadline)
        {
            samples = await SampleAsync();
            if (samples is not null && samples.Count(p => Enumerable.Range(0, 3).All(i => Math.Abs(p[i] - expected[i]) <= ColourTolerance)) >= 4)
            {
                return samples;
            }

            if (DateTime.UtcNow > nextRepaint)
            {
                await repaint();
                nextRepaint = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"The viewer did not show {colour} within {timeout.TotalSeconds} s; last samples {Describe(samples)}; " +
            $"video {await VideoStateAsync()}.\nConsole:\n{ConsoleText}\n{diagnostics()}");
    }

    /// <summary>Messages the page sent on data channels so far ("label json").</summary>
    public async Task<IReadOnlyList<string>> SentMessagesAsync() =>
        await Page.EvaluateAsync<string[]>("() => window.__sentOnChannels || []");

    public string ConsoleText => string.Join('\n', _browser.ConsoleLines.TakeLast(30));

    public static string Describe(int[][]? samples) =>
        samples is null ? "no frame" : string.Join(" ", samples.Select(p => string.Create(CultureInfo.InvariantCulture, $"({p[0]},{p[1]},{p[2]})")));

    public static int[] ParseColour(string colour) =>
    [
        int.Parse(colour.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(colour.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(colour.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
    ];

    public async ValueTask DisposeAsync() => await _browser.DisposeAsync();
}

/// <summary>A rectangle in page (CSS) pixels.</summary>
internal readonly record struct ElementBox(double Left, double Top, double Width, double Height)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width:0.#}x{Height:0.#}+{Left:0.#}+{Top:0.#}");
}

/// <summary>What the viewer's video shows: the decoded size, the stats' size, frames decoded, and the element's box.</summary>
internal readonly record struct VideoState(int VideoWidth, int VideoHeight, int StatsWidth, int StatsHeight, long FramesDecoded, string Phase, ElementBox Element)
{
    /// <summary>
    /// Where the picture is drawn inside the element: scaled to fit and centred (CSS object-fit: contain), so the rest
    /// of the element is letterbox bars; empty while the video has no size.
    /// </summary>
    public ElementBox Picture
    {
        get
        {
            if (VideoWidth == 0 || VideoHeight == 0)
            {
                return default;
            }

            var scale = Math.Min(Element.Width / VideoWidth, Element.Height / VideoHeight);
            var width = VideoWidth * scale;
            var height = VideoHeight * scale;
            return new ElementBox(Element.Left + ((Element.Width - width) / 2), Element.Top + ((Element.Height - height) / 2), width, height);
        }
    }

    /// <summary>The page point showing the video's pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public (double X, double Y) PagePointOf(double x, double y)
    {
        var picture = Picture;
        return (picture.Left + (x / VideoWidth * picture.Width), picture.Top + (y / VideoHeight * picture.Height));
    }

    public override string ToString() =>
        $"{Phase}, video {VideoWidth}x{VideoHeight}, stats {StatsWidth}x{StatsHeight}, {FramesDecoded} frames decoded, element {Element}, picture {Picture}";
}
