using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (cursor as metadata): mutter's cursor metadata → the GNOME capture → the server's cursor relay → the
/// input channel → the built-in viewer in headless Chromium, which shows it as its own CSS cursor; the viewer's
/// pointer moves the remote pointer, over a foot terminal the remote cursor becomes an I-beam, and so does the page's.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class CursorEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-cursor-token-0123456789";

    // The viewer's cursor image as RGBA pixels (drawn on a canvas), with its size and hotspot, and the CSS cursor the video shows.
    private const string CursorScript = """
        async () => {
          const s = window.wlwebrtcViewer;
          const image = s && s.cursor && s.cursor.image;
          if (!image) return null;
          const img = new Image();
          img.src = image.url;
          await img.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.w;
          canvas.height = image.h;
          const context = canvas.getContext('2d');
          context.drawImage(img, 0, 0);
          return { id: image.id, w: image.w, h: image.h, hx: image.hx, hy: image.hy, shape: s.cursor.shape,
            css: getComputedStyle(document.getElementById('video')).cursor,
            rgba: Array.from(context.getImageData(0, 0, image.w, image.h).data) };
        }
        """;

    [Fact]
    public async Task Viewer_PointerOverATerminal_PageShowsTheRemoteIBeamCursor()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token);
        DesktopProcess? foot = null;
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));

            // over the bare desktop: the arrow, shown as the page's own cursor
            var box = await viewer.Page.Locator("#video").BoundingBoxAsync();
            Assert.NotNull(box);
            var wiggle = 0;
            await WaitForMetadataAsync(viewer, () => viewer.Page.Mouse.MoveAsync(box.X + (box.Width / 4) + (wiggle++ % 2 * 8), box.Y + (box.Height / 4)));

            // foot fills the small screen; moving over it makes foot set its text cursor, which the page then shows
            foot = mutter.StartProcess("foot-e2e-cursor", "foot", "sh", "-c", "sleep 600");
            var step = 0;
            var ibeam = await WaitForCursorAsync(viewer, c => c.IsIBeam && c.Css.StartsWith("url(", StringComparison.Ordinal), "an I-beam as the page's CSS cursor", async () =>
            {
                // mutter 43 sometimes sends no bitmap for a sprite set while the cast runs (1 run in 7); a new terminal
                // under the pointer changes the sprite (arrow, then I-beam) and so sends it again
                if (++step % 40 == 0)
                {
                    foot?.Stop();
                    foot = mutter.StartProcess("foot-e2e-cursor", "foot", "sh", "-c", "sleep 600");
                }

                await viewer.Page.Mouse.MoveAsync(box.X + (box.Width / 2) + (step % 2 * 8), box.Y + (box.Height / 2));
            });
            Assert.Equal("css", ibeam.Shape);
        }
        finally
        {
            foot?.Stop();
            output.WriteLine(server.Output);
        }
    }

    /// <summary>
    /// Waits until the page draws the cursor itself (the server sent cursor metadata). Over the bare desktop the image
    /// may be unknown: mutter 43 sends no bitmap until the sprite changes when its pointer appeared after the cast started.
    /// </summary>
    private static async Task WaitForMetadataAsync(ViewerPage viewer, Func<Task> nudge)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await viewer.Page.EvaluateAsync<bool>("() => !!(window.wlwebrtcViewer.cursor && window.wlwebrtcViewer.cursor.metadata)"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the page never received cursor metadata; console:\n" + viewer.ConsoleText);
            await nudge();
            await Task.Delay(200);
        }
    }

    private static async Task<PageCursor> WaitForCursorAsync(ViewerPage viewer, Func<PageCursor, bool> condition, string what, Func<Task>? nudge = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        PageCursor? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (nudge is not null)
            {
                await nudge();
            }

            var read = await viewer.Page.EvaluateAsync<JsonElement?>(CursorScript);
            if (read is { ValueKind: JsonValueKind.Object } c)
            {
                last = new PageCursor(c);
                if (condition(last))
                {
                    return last;
                }
            }

            await Task.Delay(200);
        }

        var state = await viewer.Page.EvaluateAsync<string>("() => JSON.stringify({ ...window.wlwebrtcViewer.cursor, image: !!window.wlwebrtcViewer.cursor.image })");
        var sent = await viewer.SentMessagesAsync();
        throw new TimeoutException($"timed out waiting for {what}; last cursor: {last?.ToString() ?? "none"}; page cursor state {state}; the page sent {sent.Count} messages, last: {string.Join(' ', sent.TakeLast(5))}; console:\n{viewer.ConsoleText}");
    }

    private sealed class PageCursor(JsonElement c)
    {
        private readonly byte[] _rgba = [.. c.GetProperty("rgba").EnumerateArray().Select(v => (byte)v.GetInt32())];

        public long Id { get; } = c.GetProperty("id").GetInt64();

        public int Width { get; } = c.GetProperty("w").GetInt32();

        public int Height { get; } = c.GetProperty("h").GetInt32();

        public int HotspotX { get; } = c.GetProperty("hx").GetInt32();

        public int HotspotY { get; } = c.GetProperty("hy").GetInt32();

        public string Shape { get; } = c.GetProperty("shape").GetString() ?? "";

        public string Css { get; } = c.GetProperty("css").GetString() ?? "";

        public bool IsIBeam => CursorShapes.IsIBeam(_rgba, Width, Height, HotspotX, HotspotY);

        public override string ToString() =>
            $"id {Id} shape {Shape} {CursorShapes.Describe(_rgba, Width, Height, HotspotX, HotspotY)} css {Css[..Math.Min(Css.Length, 40)]}…";
    }
}
