using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WlWebRtc.Testing;
using WlWebRtc.Transport;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using WlWebRtc.WebRtc.Tests.Peers;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Plugin;

/// <summary>
/// A NAT 1:1 in a private network namespace: the transport binds 10.77.0.1 and announces only 10.77.0.2, an address no
/// interface has; nftables rewrites datagrams to 10.77.0.2 onto 10.77.0.1 (and the replies back), like a router that
/// forwards a public address. aiortc can only connect through the announced candidate.
/// </summary>
[Collection(RealPeers.Name)]
public sealed class AnnouncedAddressPeerTests(ITestOutputHelper output)
{
    private const string Local = "10.77.0.1";
    private const string Announced = "10.77.0.2";

    [Fact]
    public async Task Aiortc_BehindOneToOneNat_ConnectsThroughTheAnnouncedAddressOnly()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Peers", "aiortc_viewer.py");
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        using var ns = await NetworkNamespace.CreateAsync();
        var port = FreePorts.Udp();
        await ns.RunAsync(() =>
        {
            Exec("ip", $"addr add {Local}/32 dev lo");
            Exec("ip", $"route add {Announced}/32 dev lo");
            Exec("nft", "add table ip nat1to1");
            Exec("nft", "add chain ip nat1to1 output { type nat hook output priority -100 ; }");
            Exec("nft", $"add rule ip nat1to1 output ip daddr {Announced} udp dport {port} counter dnat to {Local}");
        });
        await using var transport = await ns.RunAsync(() => ChromiumPeerTests.StartTransportAsync(loggerFactory, new()
        {
            ["interfaces:0"] = Local, ["ipv6"] = "false", ["port"] = AnnouncedAddressTests.Text(port),
            ["announced_addresses:0"] = Announced, ["announce_local"] = "false",
        }).GetAwaiter().GetResult());
        await using var pipeline = await PatternPipeline.StartAsync(1280, 720, 30, 3_000_000, loggerFactory);
        var observer = new RecordingObserver();

        using var process = await ns.RunAsync(() => Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, "4"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var offerLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                ?? throw new InvalidOperationException("aiortc exited before offering: " + await stderr);
            var offer = JsonDocument.Parse(offerLine).RootElement.GetProperty("offer").GetString()!;
            await using var session = transport.CreateSession(new PeerSessionOptions("nat"), observer);
            var answer = await session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, offer), CancellationToken.None);
            Assert.Equal([Announced], AnnouncedAddressTests.Candidates(answer.Sdp).Select(c => c.Address));
            pipeline.Add(session, observer);
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { answer = answer.Sdp }));
            await process.StandardInput.FlushAsync();
            await observer.Connected.WaitAsync(TimeSpan.FromSeconds(30));

            var resultLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))
                ?? throw new InvalidOperationException("aiortc exited without a result: " + await stderr);
            output.WriteLine(resultLine);
            var rules = await ns.RunAsync(() => Exec("nft", "list table ip nat1to1"));
            output.WriteLine(rules);
            Assert.DoesNotContain("counter packets 0 ", rules, StringComparison.Ordinal);
            var frames = JsonDocument.Parse(resultLine).RootElement.GetProperty("result").GetProperty("frames").GetInt32();
            Assert.True(frames >= 20, $"aiortc decoded only {frames} frames through the announced address");
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

    private static string Exec(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr}");
    }
}
