using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Transport;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>A second, independent implementation as the viewer: Debian's python3-aiortc (PyAV decoder).</summary>
[Collection(RealPeers.Name)]
public sealed class AiortcPeerTests(ITestOutputHelper output)
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Aiortc_ReceivesTestPattern_DecodesAndTalksOverDataChannel()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing (Debian python3 with python3-aiortc, see scripts/install-deps.sh)");
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "aiortc_viewer.py");
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        await using var transport = await ChromiumPeerTests.StartTransportAsync(loggerFactory);
        await using var pipeline = await PatternPipeline.StartAsync(1280, 720, 30, 3_000_000, loggerFactory);
        var observer = new RecordingObserver { Echo = true };

        using var process = Process.Start(new ProcessStartInfo(Python, [script, "8"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var offerLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new InvalidOperationException("aiortc exited before offering: " + await stderr);
            var offer = JsonDocument.Parse(offerLine).RootElement.GetProperty("offer").GetString()!;
            await using var session = transport.CreateSession(new PeerSessionOptions("aiortc"), observer);
            var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
            pipeline.Add(session, observer);
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { answer = answer.Sdp }));
            await process.StandardInput.FlushAsync();
            await observer.Connected.WaitAsync(TimeSpan.FromSeconds(20));
            await Poll.UntilAsync(() => Task.FromResult(observer.OpenedChannels.Contains("echo")), "aiortc's data channel did not open", TimeSpan.FromSeconds(10));
            await session.SendDataAsync(new DataChannelMessage("echo", System.Text.Encoding.UTF8.GetBytes("ping-from-server"), false), CancellationToken.None);

            var resultLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(40))
                ?? throw new InvalidOperationException("aiortc exited without a result: " + await stderr);
            output.WriteLine(resultLine);
            output.WriteLine($"server: {session.GetStats()}");
            var result = JsonDocument.Parse(resultLine).RootElement.GetProperty("result");
            Assert.True(result.GetProperty("frames").GetInt32() >= 100, $"aiortc decoded only {result.GetProperty("frames").GetInt32()} frames");
            Assert.Equal(1280, result.GetProperty("width").GetInt32());
            Assert.Equal(720, result.GetProperty("height").GetInt32());
            Assert.True(result.GetProperty("barcodes").GetInt32() >= 5, "too few valid barcodes");
            var quadrants = result.GetProperty("quadrants").EnumerateArray().Select(q => q.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
            AssertNear(quadrants[0], [255, 0, 0]);
            AssertNear(quadrants[1], [0, 255, 0]);
            AssertNear(quadrants[2], [0, 0, 255]);
            AssertNear(quadrants[3], [255, 255, 255]);
            var messages = result.GetProperty("messages").EnumerateArray().Select(m => m.GetString()).ToArray();
            Assert.Contains("echo:hello-from-aiortc", messages);
            Assert.Contains("ping-from-server", messages);
            Assert.Contains("hello-from-aiortc", observer.Messages);
            Assert.Contains("pong:ping-from-server", observer.Messages);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            output.WriteLine("aiortc stderr: " + await stderr);
        }
    }

    private static void AssertNear(int[] actual, int[] expected) =>
        Assert.True(actual.Zip(expected).All(p => Math.Abs(p.First - p.Second) <= 40), $"expected ({string.Join(",", expected)}) got ({string.Join(",", actual)})");
}
