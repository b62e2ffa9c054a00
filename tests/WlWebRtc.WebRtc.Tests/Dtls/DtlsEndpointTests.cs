using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.WebRtc.Tests.Dtls;

/// <summary>Our DTLS client against our DTLS server (BouncyCastle on both sides), wired through memory.</summary>
public sealed class DtlsEndpointTests
{
    [Fact]
    public async Task Handshake_MatchingFingerprints_BothConnectWithMirroredSrtpKeys()
    {
        var serverCert = DtlsCertificate.Create(TimeProvider.System);
        var clientCert = DtlsCertificate.Create(TimeProvider.System);
        using var pair = new Pair(serverCert, clientCert.Fingerprint, clientCert, serverCert.Fingerprint);

        var (server, client) = await pair.RunAsync();

        Assert.Equal(server.Profile, client.Profile);
        Assert.Equal(server.Local.Key.ToArray(), client.Remote.Key.ToArray());
        Assert.Equal(server.Local.Salt.ToArray(), client.Remote.Salt.ToArray());
        Assert.Equal(client.Local.Key.ToArray(), server.Remote.Key.ToArray());
        Assert.NotEqual(server.Local.Key.ToArray(), server.Remote.Key.ToArray());
    }

    [Fact]
    public async Task Handshake_ApplicationData_FlowsBothWays()
    {
        var serverCert = DtlsCertificate.Create(TimeProvider.System);
        var clientCert = DtlsCertificate.Create(TimeProvider.System);
        using var pair = new Pair(serverCert, clientCert.Fingerprint, clientCert, serverCert.Fingerprint);
        await pair.RunAsync();

        Assert.True(pair.Client.Send("to-server"u8));
        Assert.True(pair.Server.Send("to-client"u8));

        Assert.Equal("to-server", await pair.ServerData.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("to-client", await pair.ClientData.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Handshake_ClientCertificateNotMatchingServerExpectation_ServerFails()
    {
        var serverCert = DtlsCertificate.Create(TimeProvider.System);
        var clientCert = DtlsCertificate.Create(TimeProvider.System);
        var wrong = new SdpFingerprint("sha-256", new byte[32]);
        using var pair = new Pair(serverCert, wrong, clientCert, serverCert.Fingerprint);

        var failure = await pair.ServerFailed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("bad_certificate", failure, StringComparison.Ordinal);
        Assert.False(pair.ServerConnected.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Handshake_ServerCertificateNotMatchingClientExpectation_ClientFails()
    {
        var serverCert = DtlsCertificate.Create(TimeProvider.System);
        var clientCert = DtlsCertificate.Create(TimeProvider.System);
        var wrong = new SdpFingerprint("sha-256", new byte[32]);
        using var pair = new Pair(serverCert, clientCert.Fingerprint, clientCert, wrong);

        var failure = await pair.ClientFailed.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains("bad_certificate", failure, StringComparison.Ordinal);
    }

    private sealed class Pair : IDisposable
    {
        public Pair(DtlsCertificate serverCert, SdpFingerprint expectClient, DtlsCertificate clientCert, SdpFingerprint expectServer)
        {
            var timers = new DtlsTimers(100, 10_000);
            Server = new DtlsEndpoint(false, serverCert, expectClient, timers, d => Client!.Enqueue(d), NullLogger.Instance);
            Client = new DtlsEndpoint(true, clientCert, expectServer, timers, d => Server.Enqueue(d), NullLogger.Instance);
            Server.Start("server", k => ServerConnected.TrySetResult(k), r => ServerFailed.TrySetResult(r), d => ServerData.TrySetResult(System.Text.Encoding.UTF8.GetString(d)), () => { });
            Client.Start("client", k => ClientConnected.TrySetResult(k), r => ClientFailed.TrySetResult(r), d => ClientData.TrySetResult(System.Text.Encoding.UTF8.GetString(d)), () => { });
        }

        public DtlsEndpoint Server { get; }

        public DtlsEndpoint Client { get; }

        public TaskCompletionSource<DtlsSrtpKeys> ServerConnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<DtlsSrtpKeys> ClientConnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> ServerFailed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> ClientFailed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> ServerData { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> ClientData { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<(DtlsSrtpKeys Server, DtlsSrtpKeys Client)> RunAsync()
        {
            var server = await ServerConnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
            var client = await ClientConnected.Task.WaitAsync(TimeSpan.FromSeconds(20));
            return (server, client);
        }

        public void Dispose()
        {
            Client.Dispose();
            Server.Dispose();
        }
    }
}
