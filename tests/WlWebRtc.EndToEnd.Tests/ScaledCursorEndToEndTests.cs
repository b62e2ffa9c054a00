using System.Globalization;
using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 14 with issue 17: the metadata cursor on a stream the degradation policy scaled down. The real server on
/// headless mutter (gnome capture and input, cursor as metadata) with the encoder capped at 100 kb/s and a threshold
/// that cap cannot meet at 640x480 even at 5 fps, so the policy scales the picture to 3/4 (480x360: 1/2 would go below
/// min_height). A controlling viewer moves the remote pointer; a view-only viewer in a second Chromium draws the
/// cursor as an overlay from the server's positions (captured pixels): its hotspot must be on the page where the
/// remote pointer is, not where the captured position falls in the smaller stream's pixels.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class ScaledCursorEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-scaled-cursor-token-0123456789";

    private const string LowBitrateConfig = """
        [encoder]
        bitrate = 100_000
        min_bitrate = 100_000
        max_bitrate = 100_000

        [degradation]
        low_bits_per_pixel = 0.2
        restore_bits_per_pixel = 0.3

        """;

    /// <summary>Pixels the drawn hotspot may be off: one captured pixel is about two page pixels here, plus rounding.</summary>
    private const double Tolerance = 4;

    // The view-only page's cursor overlay: where its hotspot is on the page, with the video's decoded size and picture.
    private const string OverlayScript = """
        () => {
          const s = window.wlwebrtcViewer;
          const v = document.getElementById('video');
          const o = document.getElementById('remote-cursor');
          const image = s && s.cursor && s.cursor.image;
          const r = v.getBoundingClientRect();
          const state = { role: s ? s.role : null, shape: s && s.cursor ? s.cursor.shape : 'none', videoWidth: v.videoWidth, videoHeight: v.videoHeight,
            left: r.left, top: r.top, width: r.width, height: r.height, framesDecoded: s ? s.stats.framesDecoded : 0,
            x: s && s.cursor ? s.cursor.x : 0, y: s && s.cursor ? s.cursor.y : 0,
            captureWidth: s && s.cursor ? s.cursor.captureWidth || 0 : 0, captureHeight: s && s.cursor ? s.cursor.captureHeight || 0 : 0,
            hotspotX: null, hotspotY: null };
          if (o && !o.hidden && image) {
            const b = o.getBoundingClientRect();
            state.hotspotX = b.left + image.hx * b.width / image.w;
            state.hotspotY = b.top + image.hy * b.height / image.h;
          }
          return state;
        }
        """;

    [Fact]
    public async Task ViewOnlyViewer_StreamScaledDown_DrawsTheCursorWhereTheRemotePointerIs()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token, LowBitrateConfig);
        DesktopProcess? foot = null;
        try
        {
            await using var control = await ViewerPage.OpenAsync(server.ViewerUrl);
            await control.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            await using var watcher = await ViewerPage.OpenAsync(server.ViewerUrl);

            // foot fills the small screen: over it mutter shows its I-beam, and sends the image (mutter 43 sends none
            // for the arrow it showed before the cast); the stream meanwhile steps down to 3/4 of the captured size
            foot = mutter.StartProcess("foot-e2e-scaled-cursor", "foot", "sh", "-c", "sleep 600");
            var step = 0;
            var state = await WaitForAsync(watcher, s => s.Role == "view" && s.Shape == "overlay" && s.VideoWidth == 480 && s.CaptureWidth == 640,
                "a view-only viewer drawing the cursor overlay on the 480x360 stream of the 640x480 capture", async () =>
                {
                    if (++step % 40 == 0)
                    {
                        foot?.Stop();
                        foot = mutter.StartProcess("foot-e2e-scaled-cursor", "foot", "sh", "-c", "sleep 600");
                    }

                    var picture = (await control.VideoStateAsync()).Picture;
                    await control.Page.Mouse.MoveAsync((float)(picture.Left + (picture.Width / 2) + (step % 2 * 8)), (float)(picture.Top + (picture.Height / 2)));
                });

            // the remote pointer to 3/4 across and 1/4 down the picture: the watcher must draw its hotspot there on
            // its own picture (a position taken in the stream's pixels would land at 3/4 × 640/480 = all the way right)
            var target = (await control.VideoStateAsync()).Picture;
            var (fx, fy) = (0.75, 0.25);
            await control.Page.Mouse.MoveAsync((float)(target.Left + (fx * target.Width)), (float)(target.Top + (fy * target.Height)));
            state = await WaitForAsync(watcher, s => s.HotspotX is not null && Math.Abs(s.HotspotX.Value - s.ExpectedX(fx)) <= Tolerance && Math.Abs(s.HotspotY!.Value - s.ExpectedY(fy)) <= Tolerance,
                string.Create(CultureInfo.InvariantCulture, $"the overlay's hotspot at {fx:0.##}, {fy:0.##} of the watcher's picture (±{Tolerance} px)"),
                () => control.Page.Mouse.MoveAsync((float)(target.Left + (fx * target.Width)), (float)(target.Top + (fy * target.Height))));
            output.WriteLine(state.ToString());
            Assert.Equal(480, state.VideoWidth);
        }
        finally
        {
            foot?.Stop();
            output.WriteLine(server.Output);
        }
    }

    private async Task<OverlayState> WaitForAsync(ViewerPage viewer, Func<OverlayState, bool> condition, string what, Func<Task> nudge)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        OverlayState? last = null;
        while (DateTime.UtcNow < deadline)
        {
            await nudge();
            last = new OverlayState(await viewer.Page.EvaluateAsync<JsonElement>(OverlayScript));
            if (condition(last))
            {
                output.WriteLine($"{what}: {last}");
                return last;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"timed out waiting for {what}; last: {last}; console:\n{viewer.ConsoleText}");
    }

    private sealed class OverlayState(JsonElement s)
    {
        public string? Role { get; } = s.GetProperty("role").GetString();

        public string Shape { get; } = s.GetProperty("shape").GetString() ?? "";

        public int VideoWidth { get; } = s.GetProperty("videoWidth").GetInt32();

        public int VideoHeight { get; } = s.GetProperty("videoHeight").GetInt32();

        public int CaptureWidth { get; } = s.GetProperty("captureWidth").GetInt32();

        public double? HotspotX { get; } = s.GetProperty("hotspotX").ValueKind == JsonValueKind.Number ? s.GetProperty("hotspotX").GetDouble() : null;

        public double? HotspotY { get; } = s.GetProperty("hotspotY").ValueKind == JsonValueKind.Number ? s.GetProperty("hotspotY").GetDouble() : null;

        private ElementBox Picture => new VideoState(VideoWidth, VideoHeight, 0, 0, 0, "", new ElementBox(
            s.GetProperty("left").GetDouble(), s.GetProperty("top").GetDouble(), s.GetProperty("width").GetDouble(), s.GetProperty("height").GetDouble())).Picture;

        public double ExpectedX(double fraction) => Picture.Left + (fraction * Picture.Width);

        public double ExpectedY(double fraction) => Picture.Top + (fraction * Picture.Height);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"role {Role}, shape {Shape}, video {VideoWidth}x{VideoHeight}, picture {Picture}, server position {s.GetProperty("x")},{s.GetProperty("y")} of {CaptureWidth}x{s.GetProperty("captureHeight")}, hotspot drawn at {HotspotX:0.#},{HotspotY:0.#}");
    }
}
