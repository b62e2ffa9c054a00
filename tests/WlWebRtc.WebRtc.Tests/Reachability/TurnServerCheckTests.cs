using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using WlWebRtc.Plugins;
using WlWebRtc.Testing.Turn;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using WlWebRtc.WebRtc.Tests.Peers;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Reachability;

/// <summary>
/// Bad TURN config against a real coturn (and real sockets): --list-plugins (the probe) names the reason, start says
/// it in a warning and still serves host candidates, and nothing hangs.
/// </summary>
[Collection(RealPeers.Name)]
public sealed class TurnServerCheckTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ProbeAsync_WrongTurnPassword_AvailableAndTheReasonSaysCredentialsWereRejected()
    {
        await using var turn = await CoturnServer.StartAsync();

        var result = await ProbeAsync(Turn($"turn:127.0.0.1:{turn.Port}?transport=udp", CoturnServer.Username, "not-the-password"));

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains($"TURN turn:127.0.0.1:{turn.Port}?transport=udp FAILED", result.Reason, StringComparison.Ordinal);
        Assert.Contains("rejected the credentials of user 'alice'", result.Reason, StringComparison.Ordinal);
        Assert.Contains("401", result.Reason, StringComparison.Ordinal);
        Assert.Contains("host candidates are still offered", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UnresolvableTurnHost_ReasonSaysItCannotBeResolved()
    {
        var result = await ProbeAsync(Turn("turn:no-such-turn-host.invalid:3478", "u", "p"));

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("TURN turn:no-such-turn-host.invalid:3478 FAILED: Cannot resolve TURN server host 'no-such-turn-host.invalid'", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TurnServerThatNeverAnswers_BoundedAndSaysSo()
    {
        // A UDP port that is bound (no ICMP unreachable) but never answers: a black-holed server.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.LocalEndPoint!).Port;

        var clock = Stopwatch.StartNew();
        var result = await ProbeAsync(Turn($"turn:127.0.0.1:{port}", "u", "p")).WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"{clock.Elapsed}: {result.Reason}");
        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains($"TURN turn:127.0.0.1:{port} FAILED: no answer within 5 s", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TurnRefusesTcp_ReasonSaysRefused()
    {
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, not listening: connections are refused
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;

        var result = await ProbeAsync(Turn($"turn:127.0.0.1:{port}?transport=tcp", "u", "p"));

        Assert.Contains($"FAILED: TURN server 127.0.0.1:{port} (Tcp) refused the connection", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TurnsAndTcpWithTheCertificateTrusted_BothAllocate()
    {
        await using var turn = await CoturnServer.StartAsync();
        var settings = Turn($"turns:127.0.0.1:{turn.TlsPort}", CoturnServer.Username, CoturnServer.Password);
        settings["turn_servers:1"] = $"turn:127.0.0.1:{turn.Port}?transport=tcp";
        settings["turn_tls_ca_file"] = turn.CertificatePath;

        var result = await ProbeAsync(settings);

        Assert.Contains($"TURN turns:127.0.0.1:{turn.TlsPort} OK (tls, relayed 127.0.0.1:", result.Reason, StringComparison.Ordinal);
        Assert.Contains($"TURN turn:127.0.0.1:{turn.Port}?transport=tcp OK (tcp, relayed 127.0.0.1:", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_TurnsSelfSignedWithoutCaFile_ReasonSaysTlsFailed()
    {
        await using var turn = await CoturnServer.StartAsync();

        var result = await ProbeAsync(Turn($"turns:127.0.0.1:{turn.TlsPort}", CoturnServer.Username, CoturnServer.Password));

        Assert.Contains($"FAILED: TLS with TURN server 127.0.0.1:{turn.TlsPort} failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_WrongTurnPassword_StartsWarnsAndOffersHostCandidates()
    {
        await using var turn = await CoturnServer.StartAsync();
        var logs = new ConcurrentQueue<string>();
        using var loggerFactory = new LoggerFactory([new QueueLoggerProvider(logs)]);
        var settings = Turn($"turn:127.0.0.1:{turn.Port}?transport=udp", CoturnServer.Username, "not-the-password");
        settings["gathering_timeout_ms"] = "2000";

        await using var transport = await new WebRtcTransportPlugin().StartAsync(PatternPipeline.Context(settings, loggerFactory), CancellationToken.None);
        await using var session = transport.CreateSession(new PeerSessionOptions("bad-turn"), new RecordingObserver());
        var offer = await session.CreateOfferAsync(CancellationToken.None);

        foreach (var line in logs)
        {
            output.WriteLine(line);
        }

        Assert.Contains(logs, l => l.StartsWith("Warning: TURN server turn:127.0.0.1:", StringComparison.Ordinal) && l.Contains("is unusable", StringComparison.Ordinal) && l.Contains("401", StringComparison.Ordinal));
        Assert.Contains(" 127.0.0.1 ", offer.Sdp, StringComparison.Ordinal);
        Assert.Contains("typ host", offer.Sdp, StringComparison.Ordinal);
        Assert.DoesNotContain("typ relay", offer.Sdp, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Turn(string uri, string username, string password) => new()
    {
        ["interfaces:0"] = "127.0.0.1",
        ["ipv6"] = "false",
        ["turn_servers:0"] = uri,
        ["turn_username"] = username,
        ["turn_credential"] = password,
    };

    private async Task<ProbeResult> ProbeAsync(Dictionary<string, string?> settings)
    {
        using var loggerFactory = TestOutputLoggerProvider.Factory(output, LogLevel.Information);
        var result = await new WebRtcTransportPlugin().ProbeAsync(PatternPipeline.Context(settings, loggerFactory), CancellationToken.None);
        output.WriteLine(result.Reason);
        return result;
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"{logLevel}: {formatter(state, exception)}"));
        }
    }
}
