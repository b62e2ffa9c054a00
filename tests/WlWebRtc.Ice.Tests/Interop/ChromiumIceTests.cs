using System.Net;
using System.Text;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Turn;

namespace WlWebRtc.Ice.Tests.Interop;

/// <summary>
/// Chromium's ICE agent against ours (full ICE, no ice-lite) over loopback, in a data-channel session: Chromium as
/// offerer (controlling) nominating with our controlled agent, and Chromium as answerer (controlled) with ours
/// nominating. DTLS is not part of this library, so the session goes no further than ICE.
/// </summary>
public sealed class ChromiumIceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private const string OfferScript = """
        async config => {
          window.iceStates = [];
          const pc = new RTCPeerConnection(config);
          window.pc = pc;
          pc.oniceconnectionstatechange = () => window.iceStates.push(pc.iceConnectionState);
          pc.createDataChannel('ice-test');
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') { resolve(); return; }
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 3000);
          });
          return pc.localDescription.sdp;
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connect_ChromiumOffersAndControls_OurControlledAgentGetsNominatedPair(bool chromiumRelayOnly)
    {
        await using var turn = chromiumRelayOnly ? await CoturnServer.StartAsync() : null;
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync("<!doctype html><title>ice</title>");
        object config = turn is null
            ? new { iceServers = Array.Empty<object>() }
            : new
            {
                iceServers = new[] { new { urls = $"turn:127.0.0.1:{turn.Port}?transport=udp", username = CoturnServer.Username, credential = CoturnServer.Password } },
                iceTransportPolicy = "relay",
            };
        var offer = await page.EvaluateAsync<string>(OfferScript, config);
        var lines = offer.Split("\r\n");
        var ufrag = lines.First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..];
        var pwd = lines.First(l => l.StartsWith("a=ice-pwd:", StringComparison.Ordinal))["a=ice-pwd:".Length..];
        var mid = lines.First(l => l.StartsWith("a=mid:", StringComparison.Ordinal))["a=mid:".Length..];

        await using var socket = new UdpIceSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var agent = new IceAgent(IceRole.Controlled);
        socket.DatagramReceived += (s, from, data) => agent.Receive(s, from, data);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.StateChanged += s =>
        {
            if (s == IceAgentState.Connected)
            {
                connected.TrySetResult();
            }
        };
        var local = agent.AddHostCandidate(socket);
        agent.SetRemoteCredentials(ufrag, pwd);
        foreach (var line in lines.Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)))
        {
            try
            {
                agent.AddRemoteCandidate(IceCandidate.ParseSdp(line));
            }
            catch (FormatException)
            {
                // mDNS (.local) and TCP candidates: Chromium's checks make it known as peer-reflexive anyway.
            }
        }

        agent.Start();
        var answer = new StringBuilder()
            .Append("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .Append($"a=group:BUNDLE {mid}\r\n")
            .Append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n")
            .Append($"a=mid:{mid}\r\n")
            .Append($"a=ice-ufrag:{agent.LocalCredentials.Ufrag}\r\na=ice-pwd:{agent.LocalCredentials.Pwd}\r\n")
            .Append("a=fingerprint:sha-256 ").Append(string.Join(':', Enumerable.Repeat("AB", 32))).Append("\r\n")
            .Append("a=setup:active\r\na=sctp-port:5000\r\n")
            .Append($"a={local.ToSdp()}\r\na=end-of-candidates\r\n")
            .ToString();
        await page.EvaluateAsync("async sdp => await window.pc.setRemoteDescription({ type: 'answer', sdp })", answer);

        await connected.Task.WaitAsync(Wait);
        Assert.Equal(IceRole.Controlled, agent.Role);
        Assert.True(agent.SelectedPair!.IsNominated);
        if (turn is not null)
        {
            // Chromium's only candidate is its relayed address on coturn: our agent sees the checks come from there.
            Assert.Equal(IPAddress.Loopback, agent.SelectedPair.Remote.EndPoint.Address);
            Assert.DoesNotContain(lines, l => l.StartsWith("a=candidate:", StringComparison.Ordinal) && l.Contains(" typ host", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("a=candidate:", StringComparison.Ordinal) && l.Contains(" typ relay", StringComparison.Ordinal));
        }
        var deadline = DateTime.UtcNow + Wait;
        string[] states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = await page.EvaluateAsync<string[]>("() => window.iceStates");
            if (states.Contains("connected"))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Contains("connected", states);
    }

    [Fact]
    public async Task Connect_WeOfferAndControl_ChromiumAcceptsOurNomination()
    {
        await using var chromium = await HeadlessChromium.LaunchAsync();
        var page = await chromium.NewPageAsync("<!doctype html><title>ice</title>");
        await using var socket = new UdpIceSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var agent = new IceAgent(IceRole.Controlling);
        socket.DatagramReceived += (s, from, data) => agent.Receive(s, from, data);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.StateChanged += s =>
        {
            if (s == IceAgentState.Connected)
            {
                connected.TrySetResult();
            }
        };
        var local = agent.AddHostCandidate(socket);
        var offer = new StringBuilder()
            .Append("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")
            .Append("a=group:BUNDLE 0\r\n")
            .Append("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n")
            .Append("a=mid:0\r\n")
            .Append($"a=ice-ufrag:{agent.LocalCredentials.Ufrag}\r\na=ice-pwd:{agent.LocalCredentials.Pwd}\r\n")
            .Append("a=fingerprint:sha-256 ").Append(string.Join(':', Enumerable.Repeat("AB", 32))).Append("\r\n")
            .Append("a=setup:actpass\r\na=sctp-port:5000\r\n")
            .Append($"a={local.ToSdp()}\r\na=end-of-candidates\r\n")
            .ToString();

        var answer = await page.EvaluateAsync<string>(AnswerScript, offer);
        var lines = answer.Split("\r\n");
        agent.SetRemoteCredentials(
            lines.First(l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))["a=ice-ufrag:".Length..],
            lines.First(l => l.StartsWith("a=ice-pwd:", StringComparison.Ordinal))["a=ice-pwd:".Length..]);
        foreach (var line in lines.Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)))
        {
            try
            {
                agent.AddRemoteCandidate(IceCandidate.ParseSdp(line));
            }
            catch (FormatException)
            {
                // mDNS (.local) and TCP candidates: Chromium's checks make it known as peer-reflexive anyway.
            }
        }

        agent.Start();

        await connected.Task.WaitAsync(Wait);
        Assert.Equal(IceRole.Controlling, agent.Role);
        Assert.True(agent.SelectedPair!.IsNominated);
        var deadline = DateTime.UtcNow + Wait;
        string[] states = [];
        while (DateTime.UtcNow < deadline)
        {
            states = await page.EvaluateAsync<string[]>("() => window.iceStates");
            if (states.Contains("connected"))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Contains("connected", states);
    }

    private const string AnswerScript = """
        async sdp => {
          window.iceStates = [];
          const pc = new RTCPeerConnection({ iceServers: [] });
          window.pc = pc;
          pc.oniceconnectionstatechange = () => window.iceStates.push(pc.iceConnectionState);
          await pc.setRemoteDescription({ type: 'offer', sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') { resolve(); return; }
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 3000);
          });
          return pc.localDescription.sdp;
        }
        """;
}
