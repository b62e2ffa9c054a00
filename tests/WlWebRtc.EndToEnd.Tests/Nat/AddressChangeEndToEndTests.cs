using System.Globalization;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Network;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests.Nat;

/// <summary>
/// The real server (test pattern, x264, ICE-lite) in a network namespace whose media address moves mid-stream
/// (<see cref="MovingAddressTopology"/>: a new address added, the old one removed; signaling on a link of its own), the
/// built-in viewer in headless Chromium in the root namespace. The server's address watch sees the change, binds the
/// new address, closes the old one and asks the viewer over WebSocket for an ICE restart; the restart's answer carries
/// the new address and the video comes back on the same session. The time from the change to the next decoded frame
/// is printed (the goal is 1 s), not asserted.
/// </summary>
[Collection(NatGroup.Name)]
public sealed class AddressChangeEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    // Every decoded frame's wall-clock time (requestVideoFrameCallback), so the gap around the move can be measured.
    private const string RecordFrames = """
        () => {
          window.__frameTimes = [];
          const video = document.getElementById('video');
          const record = () => {
            if (window.__frameTimes.length < 20000) window.__frameTimes.push(Date.now());
            video.requestVideoFrameCallback(record);
          };
          video.requestVideoFrameCallback(record);
        }
        """;

    [Fact]
    public async Task BuiltInViewer_ServerAddressMovesMidStream_IceRestartOnTheSameSessionAndVideoResumes()
    {
        await using var topology = await MovingAddressTopology.CreateAsync();
        await using var server = await StartServerAsync(topology);
        await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
        try
        {
            await Poll.UntilAsync(async () => await StateAsync<long>(viewer, "stats.framesDecoded") >= 30, "the viewer never played", Deadline);
            var id = await StateAsync<string>(viewer, "viewerId");
            Assert.Contains($" {topology.FirstAddress} ", await StateAsync<string>(viewer, "pc.remoteDescription.sdp"), StringComparison.Ordinal);
            await viewer.Page.EvaluateAsync(RecordFrames);
            await Poll.UntilAsync(async () => await viewer.Page.EvaluateAsync<int>("() => window.__frameTimes.length") >= 10, "no frame callback", Deadline);
            var before = await StateAsync<long>(viewer, "stats.framesDecoded");

            topology.MoveMediaAddress();
            var moved = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

            await Poll.UntilAsync(async () => await StateAsync<long>(viewer, "stats.framesDecoded") >= before + 60 &&
                (await StateAsync<string>(viewer, "pc.remoteDescription.sdp")).Contains($" {topology.SecondAddress} ", StringComparison.Ordinal),
                "the video did not come back on the new address", Deadline);

            Assert.Equal(id, await StateAsync<string>(viewer, "viewerId")); // the same server session
            Assert.Equal(0, await StateAsync<int>(viewer, "reconnects"));
            Assert.Equal("playing", await StateAsync<string>(viewer, "phase"));
            Assert.DoesNotContain($" {topology.FirstAddress} ", await StateAsync<string>(viewer, "pc.remoteDescription.sdp"), StringComparison.Ordinal);
            Assert.Contains($"WebRTC local addresses changed: added [{topology.SecondAddress}], removed [{topology.FirstAddress}]", server.Output, StringComparison.Ordinal);
            Assert.Contains($"Session {id}: the local addresses changed; asking the viewer for an ICE restart", server.Output, StringComparison.Ordinal);
            Assert.Contains($"Session {id}: ICE restart", server.Output, StringComparison.Ordinal);
            Assert.Contains("-> ", server.Output, StringComparison.Ordinal);
            using var status = System.Text.Json.JsonDocument.Parse(await server.StatusJsonAsync());
            Assert.Equal($"local {topology.SecondAddress}; ICE lite", status.RootElement.GetProperty("reachability").GetString()); // status follows the move

            var frames = await viewer.Page.EvaluateAsync<long[]>("() => window.__frameTimes");
            var (resumed, gap) = EndOfLongestGap(frames, moved);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"MEASURED address change -> first frame after the outage: {resumed - moved} ms (the outage: {gap} ms without a frame)"));
        }
        catch
        {
            output.WriteLine(topology.Addresses());
            output.WriteLine(viewer.ConsoleText);
            throw;
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>The frame that ends the longest gap between frames after <paramref name="from"/>, and that gap.</summary>
    private static (long At, long Gap) EndOfLongestGap(long[] frames, long from)
    {
        (long At, long Gap) longest = (0, 0);
        for (var i = 1; i < frames.Length; i++)
        {
            if (frames[i] > from && frames[i] - frames[i - 1] > longest.Gap)
            {
                longest = (frames[i], frames[i] - frames[i - 1]);
            }
        }

        return longest;
    }

    private static Task<T> StateAsync<T>(ViewerPage viewer, string path) =>
        viewer.Page.EvaluateAsync<T>($"() => window.wlwebrtcViewer.{path}");

    private async Task<ServerProcess> StartServerAsync(MovingAddressTopology topology)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var config = $"""
            [capture.testpattern]
            width = 960
            height = 540
            fps = 30

            [transport.webrtc]
            interfaces = ["{topology.MediaInterface}"]
            ipv6 = false
            """;
        try
        {
            return await ServerProcess.StartAsync(new ServerLaunch("testpattern", token, config)
            {
                CommandPrefix = topology.ServerCommandPrefix,
                Port = FreePorts.Tcp(),
                ListenAddress = topology.ControlAddress,
                ReachableHost = topology.ControlAddress,
                StartTimeout = TimeSpan.FromSeconds(60),
            });
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            output.WriteLine(topology.Addresses());
            throw;
        }
    }
}
