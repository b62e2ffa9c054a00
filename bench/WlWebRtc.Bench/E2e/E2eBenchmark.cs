using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Bench.E2e;

/// <summary>
/// Starts the built server with the test pattern and x264, plays it in headless Chromium through WHEP, and reports
/// capture-to-pixels latency (from the pattern's barcode), frames delivered per second, and the server's CPU and
/// peak RSS (/proc). The server and the browser are the test support library's (<see cref="ServerProcess"/>,
/// <see cref="HeadlessChromium"/>); the page is E2e/Page, which imports the barcode reader, served from another
/// loopback port (Chromium's Local Network Access refuses loopback requests from a page it considers public).
/// </summary>
internal static class E2eBenchmark
{
    private const double WarmupSeconds = 3;

    public static async Task<int> RunAsync(E2eOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var config = string.Create(CultureInfo.InvariantCulture, $"""
                [capture]
                max_fps = {options.Fps}
                [capture.testpattern]
                width = {options.Width}
                height = {options.Height}
                fps = {options.Fps}
                content = "{options.Content}"
                """);
            await using var server = await ServerProcess.StartAsync(new ServerLaunch("testpattern", token, config) { StartTimeout = TimeSpan.FromSeconds(60) });
            await using var pageHost = await PageHost.StartAsync(Path.Combine(AppContext.BaseDirectory, "E2e", "Page"));
            await using var browser = await HeadlessChromium.LaunchAsync();
            var page = await browser.Context.NewPageAsync();
            await page.GotoAsync(new Uri(pageHost.Address, "e2e.html").ToString());

            var cpuStart = 0.0;
            var wallStart = Stopwatch.GetTimestamp();
            await page.ExposeFunctionAsync("benchStarted", () =>
            {
                cpuStart = ProcessFigures.CpuSecondsOf(server.ProcessId);
                wallStart = Stopwatch.GetTimestamp();
            });

            var settings = new Dictionary<string, object>
            {
                ["whep"] = server.WhepUrl.ToString(),
                ["token"] = token,
                ["warmup"] = WarmupSeconds,
                ["seconds"] = options.Seconds,
            };
            var result = await page.EvaluateAsync<JsonElement>("settings => window.runBenchmark(settings)", settings)
                .WaitAsync(TimeSpan.FromSeconds(options.Seconds + WarmupSeconds + 60), cancellationToken);
            var cpuEnd = ProcessFigures.CpuSecondsOf(server.ProcessId);
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            var peakRss = ProcessFigures.PeakRssBytesOf(server.ProcessId);

            if (!result.GetProperty("ok").GetBoolean())
            {
                await output.WriteLineAsync("bench e2e: the browser failed: " + result.GetProperty("error").GetString());
                return 1;
            }

            var report = E2eReport.From(options, result, (cpuEnd - cpuStart) / wall, peakRss);
            await output.WriteLineAsync(options.Json ? report.ToJson() : report.ToText());
            return 0;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or TimeoutException or PlaywrightException or JsonException or KeyNotFoundException)
        {
            await output.WriteLineAsync("bench e2e: " + ex.Message);
            return 1;
        }
    }
}
