using System.Collections.Concurrent;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Whip.Tests.Unit;

/// <summary>A gateway whose egress sessions negotiate at once (a fake offer) and end when the test says.</summary>
internal sealed class FakeGateway : IViewerGateway
{
    public ConcurrentQueue<EgressStatus> Reports { get; } = new();

    public ConcurrentQueue<FakeConnection> Connections { get; } = new();

    public IReadOnlyList<IceServer>? LastIceServers { get; private set; }

    public IceTransportPolicy? LastPolicy { get; private set; }

    public EgressStatus? Last => Reports.LastOrDefault();

    public IAuthenticationGuard AuthenticationGuard => throw new NotSupportedException();

    public int ViewerCount => Connections.Count(c => !c.Closed.IsCancellationRequested);

    public event EventHandler<int>? ViewerCountChanged
    {
        add { }
        remove { }
    }

    public ViewerAccess? Authenticate(string? token) => null;

    public ValueTask<IViewerConnection> ConnectAsync(SessionDescription offer, ViewerAccess access, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IViewerConnection? Find(string id) => null;

    public ValueTask<IViewerConnection> PublishAsync(Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, CancellationToken cancellationToken) =>
        PublishAsync(negotiate, iceServers, IceTransportPolicy.All, cancellationToken);

    public async ValueTask<IViewerConnection> PublishAsync(Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, IceTransportPolicy policy, CancellationToken cancellationToken)
    {
        LastIceServers = iceServers;
        LastPolicy = policy;
        var answer = await negotiate(new SessionDescription(SdpType.Offer, "v=0\r\n"), cancellationToken);
        var connection = new FakeConnection("egress-" + Connections.Count, answer);
        Connections.Enqueue(connection);
        return connection;
    }

    public void ReportEgress(EgressStatus status) => Reports.Enqueue(status);

    internal sealed class FakeConnection(string id, SessionDescription answer) : IViewerConnection
    {
        private readonly CancellationTokenSource _closed = new();

        public string Id => id;

        public SessionDescription Answer => answer;

        public ViewerRole Role => ViewerRole.View;

        public CancellationToken Closed => _closed.Token;

        public ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask CloseAsync()
        {
            _closed.Cancel();
            return ValueTask.CompletedTask;
        }
    }
}
