using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WlWebRtc.Host.Benchmarks;

/// <summary>
/// <c>wlwebrtc bench e2e [--size WxH] [--fps N] [--seconds S] [--json]</c>: starts this executable as a server with the
/// test pattern and x264, plays it in headless Chromium through WHEP, and reports capture-to-pixels latency
/// (from the pattern's barcode), frames delivered per second, and the server's CPU and peak RSS (/proc).
/// Chromium is driven without Playwright: it opens a page served here, which posts its measurements back.
/// </summary>
internal static class E2eBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private const double WarmupSeconds = 3;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        if (!TryParse(arguments, out var options, out var problem))
        {
            await output.WriteLineAsync($"bench e2e: {problem}. Usage: bench e2e [--size WxH] [--fps N] [--seconds S] [--json]");
            return 2;
        }

        if (!File.Exists(Chromium))
        {
            await output.WriteLineAsync($"bench e2e: Chromium is not installed at {Chromium} (Debian package 'chromium')");
            return 1;
        }

        var directory = Directory.CreateTempSubdirectory("wlwebrtc-bench-e2e-").FullName;
        Process? server = null;
        Process? browser = null;
        try
        {
            var token = Server.AccessTokens.Generate() + Server.AccessTokens.Generate();
            var port = FreePort();
            server = StartServer(options, directory, port, token);
            var serverUrl = new Uri($"http://127.0.0.1:{port}/");
            await WaitForServerAsync(server, serverUrl, cancellationToken);

            var pagePort = FreePort();
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{pagePort}/");
            listener.Start();
            var settings = new JsonObject
            {
                ["whep"] = new Uri(serverUrl, "/whep").ToString(),
                ["token"] = token,
                ["warmup"] = WarmupSeconds,
                ["seconds"] = options.Seconds,
            };
            var html = E2eBenchPage.Html.Replace("__SETTINGS__", settings.ToJsonString(), StringComparison.Ordinal);
            browser = StartChromium(directory, $"http://127.0.0.1:{pagePort}/");

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.Seconds + WarmupSeconds + 60));
            var (cpuStart, wallStart, result) = await ServeUntilResultAsync(listener, html, server.Id, timeout.Token);
            var cpuEnd = CpuSeconds(server.Id);
            var wall = Stopwatch.GetElapsedTime(wallStart).TotalSeconds;
            var peakRss = PeakRssBytes(server.Id);

            if (result["ok"]?.GetValue<bool>() != true)
            {
                await output.WriteLineAsync("bench e2e: the browser failed: " + result["error"]);
                return 1;
            }

            var report = Report.From(options, result, (cpuEnd - cpuStart) / wall, peakRss);
            await output.WriteLineAsync(options.Json ? report.ToJson() : report.ToText());
            return 0;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or HttpListenerException or TimeoutException or JsonException)
        {
            await output.WriteLineAsync("bench e2e: " + ex.Message);
            return 1;
        }
        finally
        {
            Stop(browser);
            Stop(server);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static Process StartServer(Options options, string directory, int port, string token)
    {
        var config = Path.Combine(directory, "config.toml");
        File.WriteAllText(config, string.Create(CultureInfo.InvariantCulture, $"""
            [server]
            control_socket = "{Path.Combine(directory, "control.sock")}"
            [capture]
            max_fps = {options.Fps}
            [capture.testpattern]
            width = {options.Width}
            height = {options.Height}
            fps = {options.Fps}
            """));
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this executable is");
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(E2eBenchmark).Assembly.Location);
        }

        foreach (var argument in new[] { "start", "--capture", "testpattern", "--encoder", "x264", "--listen", $"127.0.0.1:{port}", "--token", token, "--config", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Process StartChromium(string directory, string url)
    {
        var start = new ProcessStartInfo(Chromium) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required",
            "--allow-loopback-in-peer-connection", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--user-data-dir=" + Path.Combine(directory, "chromium"), url,
        })
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForServerAsync(Process server, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(60))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {server.ExitCode} before serving");
            }

            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException("the server did not serve within 60 s");
    }

    /// <summary>Serves the page and takes its two reports: the start of the measured window, and the result.</summary>
    private static async Task<(double CpuStart, long WallStart, JsonObject Result)> ServeUntilResultAsync(HttpListener listener, string html, int serverPid, CancellationToken cancellationToken)
    {
        var cpuStart = 0.0;
        var wallStart = Stopwatch.GetTimestamp();
        using var registration = cancellationToken.Register(listener.Stop);
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                throw new TimeoutException("the browser did not report in time");
            }

            var path = context.Request.Url?.AbsolutePath ?? "/";
            var response = context.Response;
            if (context.Request.HttpMethod == "POST" && path is "/start" or "/result")
            {
                using var reader = new StreamReader(context.Request.InputStream, System.Text.Encoding.UTF8);
                var body = await reader.ReadToEndAsync(cancellationToken);
                response.StatusCode = 204;
                response.Close();
                if (path == "/start")
                {
                    cpuStart = CpuSeconds(serverPid);
                    wallStart = Stopwatch.GetTimestamp();
                    continue;
                }

                return (cpuStart, wallStart, JsonNode.Parse(body)?.AsObject() ?? throw new JsonException("empty result"));
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(path == "/" ? html : string.Empty);
            response.StatusCode = path == "/" ? 200 : 404;
            response.ContentType = "text/html; charset=utf-8";
            await response.OutputStream.WriteAsync(bytes, cancellationToken);
            response.Close();
        }
    }

    /// <summary>User + system CPU time of a process, in seconds (/proc/PID/stat fields 14 and 15).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /// <summary>Peak resident set size (VmHWM in /proc/PID/status), in bytes.</summary>
    private static long PeakRssBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool TryParse(IReadOnlyList<string> arguments, out Options options, out string problem)
    {
        options = new Options(1920, 1080, 30, 10, false);
        problem = string.Empty;
        for (var i = 0; i < arguments.Count; i++)
        {
            var name = arguments[i];
            if (name == "--json")
            {
                options = options with { Json = true };
                continue;
            }

            if (i + 1 >= arguments.Count)
            {
                problem = $"{name} needs a value";
                return false;
            }

            var value = arguments[++i];
            switch (name)
            {
                case "--size":
                    var parts = value.Split('x');
                    if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h)
                        || w < 896 || h < 64 || w % 2 != 0 || h % 2 != 0 || w > 7680 || h > 4320)
                    {
                        problem = $"--size must be WxH, even, from 896x64 to 7680x4320, got '{value}'";
                        return false;
                    }

                    options = options with { Width = w, Height = h };
                    break;
                case "--fps" when int.TryParse(value, CultureInfo.InvariantCulture, out var fps) && fps is >= 1 and <= 240:
                    options = options with { Fps = fps };
                    break;
                case "--seconds" when int.TryParse(value, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600:
                    options = options with { Seconds = seconds };
                    break;
                default:
                    problem = $"unknown or invalid argument {name} {value}";
                    return false;
            }
        }

        return true;
    }

    private sealed record Options(int Width, int Height, int Fps, int Seconds, bool Json);

    private sealed record Report(Options Options, int Width, int Height, int Samples, int BadReads, double P50, double P95, double P99, double PresentedFps, double DecodedFps, double CpuCores, long PeakRssBytes)
    {
        /// <summary>How the page read the barcode: "videoframe" (WebCodecs, a luma rectangle) or "canvas" (drawImage, whole frame to RGB).</summary>
        public string Reader { get; init; } = "unknown";

        public static Report From(Options options, JsonObject result, double cpuCores, long peakRss)
        {
            var latencies = result["latencies"]!.AsArray().Select(n => n!.GetValue<double>()).Order().ToArray();
            double At(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))];
            var elapsed = result["elapsed"]!.GetValue<double>();
            return new Report(options, result["width"]!.GetValue<int>(), result["height"]!.GetValue<int>(), latencies.Length, result["badReads"]!.GetValue<int>(),
                At(0.50), At(0.95), At(0.99), result["presented"]!.GetValue<int>() / elapsed, result["decoded"]!.GetValue<int>() / elapsed, cpuCores, peakRss)
            {
                Reader = result["reader"]?.GetValue<string>() ?? "unknown",
            };
        }

        public string ToText() => string.Create(CultureInfo.InvariantCulture, $"""
            bench e2e: testpattern {Options.Width}x{Options.Height}@{Options.Fps} -> x264 -> WebRTC -> headless Chromium (WHEP), {Options.Seconds} s
              received            {Width}x{Height}
              capture->pixels     p50 {P50:0.0} ms   p95 {P95:0.0} ms   p99 {P99:0.0} ms   ({Samples} frames read, {BadReads} unreadable, read by {Reader})
              frames delivered    {PresentedFps:0.0} fps presented, {DecodedFps:0.0} fps decoded
              server CPU          {CpuCores * 100:0.0}% of one core
              server peak RSS     {PeakRssBytes / (1024.0 * 1024.0):0.0} MB
            """);

        public string ToJson() => new JsonObject
        {
            ["benchmark"] = "e2e",
            ["size"] = $"{Options.Width}x{Options.Height}",
            ["fps"] = Options.Fps,
            ["seconds"] = Options.Seconds,
            ["received"] = $"{Width}x{Height}",
            ["latency_ms"] = new JsonObject { ["p50"] = Round(P50), ["p95"] = Round(P95), ["p99"] = Round(P99), ["samples"] = Samples, ["unreadable"] = BadReads, ["reader"] = Reader },
            ["presented_fps"] = Round(PresentedFps),
            ["decoded_fps"] = Round(DecodedFps),
            ["server_cpu_percent_of_core"] = Round(CpuCores * 100),
            ["server_peak_rss_bytes"] = PeakRssBytes,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 2) : -1;
    }
}
