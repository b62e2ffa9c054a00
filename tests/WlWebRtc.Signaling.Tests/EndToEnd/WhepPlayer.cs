using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>A Chromium page playing the server's stream through WHEP (cross-origin: the page is served at http://localhost).</summary>
internal sealed class WhepPlayer(IPage page, HeadlessChromium browser) : IAsyncDisposable
{
    public IPage Page => page;

    // The player page comes from a real loopback origin (another port, so the calls are cross-origin and use CORS):
    // Chromium's Local Network Access refuses loopback requests from a page it considers public.
    private static readonly Lazy<Task<LoopbackKestrel>> PageHost = new(() => LoopbackKestrel.StartAsync(endpoints =>
        endpoints.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Content(PageScripts.WhepPlayer, "text/html"))));

    public static async Task<WhepPlayer> OpenAsync(HeadlessChromium browser)
    {
        var host = await PageHost.Value;
        var page = await browser.Context.NewPageAsync();
        await page.GotoAsync(host.Address.ToString());
        return new WhepPlayer(page, browser);
    }

    public async Task<PlayResult> PlayAsync(Uri whep, string? token)
    {
        try
        {
            return (await page.EvaluateJsonAsync<PlayResult>("([u, t]) => play(u, t)", new object?[] { whep.ToString(), token }))!;
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nbrowser console:\n{string.Join('\n', browser.ConsoleLines)}", ex);
        }
    }

    public async Task<PlayResult> PostRawAsync(Uri whep, string token, string sdp) => (await page.EvaluateJsonAsync<PlayResult>("([u, t, s]) => postRaw(u, t, s)", new object[] { whep.ToString(), token, sdp }))!;

    /// <summary>An ICE restart through PATCH; the result's Location carries the new ETag.</summary>
    public async Task<PlayResult> RestartAsync(string token) => (await page.EvaluateJsonAsync<PlayResult>("t => restart(t)", token))!;

    public Task<string> RemoteUfragAsync() => page.EvaluateAsync<string>("remoteUfrag()");

    public async Task<PlayerStats> StatsAsync() => (await page.EvaluateJsonAsync<PlayerStats>("stats()", null))!;

    public Task<int> LeaveAsync(string token) => page.EvaluateAsync<int>("t => leave(t)", token);

    public async Task<PlayerStats> WaitForFramesAsync(long frames, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        PlayerStats stats;
        do
        {
            stats = await StatsAsync();
            if (stats.FramesDecoded >= frames)
            {
                return stats;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"decoded {stats.FramesDecoded} of {frames} frames within {timeout.TotalSeconds} s ({stats})");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await page.CloseAsync();
        }
        catch (PlaywrightException)
        {
        }
    }
}

internal sealed record PlayResult([property: JsonPropertyName("status")] int Status, [property: JsonPropertyName("body")] string? Body, [property: JsonPropertyName("location")] string? Location);

internal sealed record PlayerStats(
    [property: JsonPropertyName("connectionState")] string ConnectionState,
    [property: JsonPropertyName("framesDecoded")] long FramesDecoded,
    [property: JsonPropertyName("keyFramesDecoded")] long KeyFramesDecoded,
    [property: JsonPropertyName("frameWidth")] int FrameWidth,
    [property: JsonPropertyName("frameHeight")] int FrameHeight);

internal sealed record QuadrantSample([property: JsonPropertyName("width")] int Width, [property: JsonPropertyName("height")] int Height, [property: JsonPropertyName("colours")] int[][] Colours)
{
    private static readonly int[][] Expected = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];

    /// <summary>Asserts each quadrant is within <paramref name="tolerance"/> levels of red, green, blue, white.</summary>
    public void AssertPattern(int tolerance = 40)
    {
        for (var q = 0; q < 4; q++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.True(Math.Abs(Colours[q][c] - Expected[q][c]) <= tolerance,
                    $"quadrant {q} is ({string.Join(",", Colours[q])}), expected ({string.Join(",", Expected[q])}) ± {tolerance}");
            }
        }
    }
}
