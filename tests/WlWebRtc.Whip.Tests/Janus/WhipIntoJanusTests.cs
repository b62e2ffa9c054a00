using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Janus;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// The real server (test pattern, x264) publishes over WHIP into a real Janus through our front-end; a headless
/// Chromium subscribes through Janus and reads the test pattern's latency barcode.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class WhipIntoJanusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static ServerLaunch Launch(Uri whipUrl, string hostInterface) => new("testpattern", "whip-viewer-token-0123456789", $"""
        [transport.webrtc]
        interfaces = ["{hostInterface}"]

        [signaling.whip_publish]
        enabled = true
        url = "{whipUrl}"
        bearer_token = "{JanusWhipFrontEnd.Token}"
        retry_min_ms = 500
        retry_max_seconds = 2
        """);

    [Fact]
    public async Task Publish_ChromiumThroughJanus_DecodesThePattern_ReconnectsAfterJanusRestart_DeletesOnStop()
    {
        await using var janus = await JanusServer.StartAsync();
        await using var frontEnd = await JanusWhipFrontEnd.StartAsync(janus);
        await using var server = await ServerProcess.StartAsync(Launch(frontEnd.WhipUrl, janus.HostInterface));
        await using var browser = await HeadlessChromium.LaunchAsync(extraFlags: ["--disable-features=WebRtcHideLocalIpsWithMdns"]);
        try
        {
            await Poll.UntilAsync(async () => (await ControlStatus.EgressAsync(server.ControlSocket))?["state"]?.GetValue<string>() == "connected", "the egress is connected", Deadline);
            var page = await SfuSubscriber.OpenAsync(browser.Context, frontEnd.Address);
            await SfuSubscriber.SubscribeAsync(page);
            await Poll.UntilAsync(async () => (await SfuSubscriber.BarcodesAsync(page)).Frames >= 10, "a subscriber through Janus decodes 10 frames of the pattern", Deadline, TimeSpan.FromMilliseconds(500));
            var (frames, median) = await SfuSubscriber.BarcodesAsync(page);
            output.WriteLine($"through Janus: {frames} frames, median capture-to-display {median:0.0} ms");
            var egress = await ControlStatus.EgressAsync(server.ControlSocket);
            Assert.True(egress!["bytes_sent"]!.GetValue<long>() > 0, egress.ToJsonString());

            await janus.RestartAsync();

            await Poll.UntilAsync(() => frontEnd.Published >= 2, "the publisher published again after Janus restarted", Deadline, TimeSpan.FromMilliseconds(250));
            await Poll.UntilAsync(async () => (await ControlStatus.EgressAsync(server.ControlSocket)) is { } e && e["state"]!.GetValue<string>() == "connected" && e["reconnects"]!.GetValue<long>() >= 1,
                "the egress is connected again and counts the reconnect", Deadline);
            await SfuSubscriber.SubscribeAsync(page);
            await Poll.UntilAsync(async () => (await SfuSubscriber.BarcodesAsync(page)).Frames >= 10, "a new subscriber decodes the pattern after the restart", Deadline, TimeSpan.FromMilliseconds(500));

            var deletedBefore = frontEnd.Deleted.Count;
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(20)));
            Assert.True(frontEnd.Deleted.Count > deletedBefore, "the publisher did not DELETE its resource on stop");
        }
        catch
        {
            output.WriteLine(server.HasExited ? "server exited" : (await ControlStatus.ReadAsync(server.ControlSocket)).ToJsonString());
            foreach (var open in browser.Context.Pages)
            {
                output.WriteLine(await SfuSubscriber.DescribeAsync(open));
            }

            output.WriteLine(server.Output);
            output.WriteLine(string.Join('\n', browser.ConsoleLines));
            output.WriteLine(janus.Log);
            throw;
        }
    }

    [Fact]
    public async Task Publish_EndpointRefuses_StatusShowsTheReason_ServerKeepsServing()
    {
        // No Janus is needed: the front-end refuses before it would reach one.
        await using var frontEnd = await JanusWhipFrontEnd.StartAsync(new Uri("http://127.0.0.1:9/janus"));
        frontEnd.RefuseWith = (403, "stream already published by someone else");
        await using var server = await ServerProcess.StartAsync(Launch(frontEnd.WhipUrl, "lo"));
        try
        {
            await Poll.UntilAsync(async () => (await ControlStatus.EgressAsync(server.ControlSocket))?["state"]?.GetValue<string>() == "error", "the egress reports the refusal", Deadline);
            var egress = (await ControlStatus.EgressAsync(server.ControlSocket))!;
            var error = egress["error"]!.GetValue<string>();
            Assert.Contains("403", error, StringComparison.Ordinal);
            Assert.Contains("stream already published by someone else", error, StringComparison.Ordinal);
            var metrics = await ControlStatus.MetricsAsync(server.ControlSocket);
            Assert.Contains("wlwebrtc_egress_error{egress=\"whip_publish\"} 1", metrics, StringComparison.Ordinal);
            Assert.Contains("wlwebrtc_egress_connected{egress=\"whip_publish\"} 0", metrics, StringComparison.Ordinal);

            frontEnd.RefuseWith = (401, "token expired");
            await Poll.UntilAsync(async () => (await ControlStatus.EgressAsync(server.ControlSocket))?["error"]?.GetValue<string>().Contains("401", StringComparison.Ordinal) == true, "the next attempt's 401 is reported", Deadline);
            Assert.False(server.HasExited);
            using var http = new HttpClient();
            using var page = await http.GetAsync(server.BaseUrl);
            Assert.True(page.IsSuccessStatusCode, "the direct viewer page is still served");
        }
        catch
        {
            output.WriteLine(server.Output);
            throw;
        }
    }
}

/// <summary>The Janus tests run one at a time (each starts the server, and the first one Janus and Chromium).</summary>
[CollectionDefinition(nameof(SerialJanusRuns), DisableParallelization = true)]
public sealed class SerialJanusRuns;
