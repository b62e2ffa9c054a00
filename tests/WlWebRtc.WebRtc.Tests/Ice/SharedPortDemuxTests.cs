using WlWebRtc.Ice.Stun;
using WlWebRtc.Testing;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.Ice;

/// <summary>STUN responses on the shared port go to the session whose request they answer (full ICE), by transaction id.</summary>
public sealed class SharedPortDemuxTests
{
    private static byte[] Response(byte[] transactionId, StunClass kind = StunClass.SuccessResponse) =>
        new StunMessageBuilder(StunMethod.Binding, kind, transactionId).Build();

    private static byte[] NewTransactionId()
    {
        var id = new byte[12];
        Random.Shared.NextBytes(id);
        return id;
    }

    [Fact]
    public void Dispatch_ResponseToExpectedTransaction_ReachesOnlyTheSinkThatSentIt()
    {
        var demux = new UdpDemultiplexer();
        var first = UdpDemultiplexerTests.NewSink();
        var second = UdpDemultiplexerTests.NewSink();
        var a = NewTransactionId();
        var b = NewTransactionId();
        Assert.True(demux.ExpectResponse(a, first));
        Assert.True(demux.ExpectResponse(b, second));
        var socket = new FakeSocket();

        demux.Dispatch(socket, Response(a), FakeSocket.Address("127.0.0.1", 3478));
        demux.Dispatch(socket, Response(b, StunClass.ErrorResponse), FakeSocket.Address("127.0.0.1", 3478));

        Assert.Equal((1, 1), (first.Responses, second.Responses));
        Assert.Equal(0, demux.PendingTransactionCount);
    }

    [Fact]
    public void Dispatch_UnexpectedOrRepeatedResponse_DroppedAsUnattributed()
    {
        var demux = new UdpDemultiplexer();
        var sink = UdpDemultiplexerTests.NewSink();
        var id = NewTransactionId();
        demux.ExpectResponse(id, sink);
        var socket = new FakeSocket();

        demux.Dispatch(socket, Response(NewTransactionId()), FakeSocket.Address("127.0.0.1", 3478));
        demux.Dispatch(socket, Response(id), FakeSocket.Address("127.0.0.1", 3478));
        demux.Dispatch(socket, Response(id), FakeSocket.Address("127.0.0.1", 3478));

        Assert.Equal(1, sink.Responses);
        Assert.Equal(2, demux.UnattributedDropped);
    }

    [Fact]
    public void ExpectResponse_PendingLimitReached_RefusesNewTransactions()
    {
        var demux = new UdpDemultiplexer();
        var sink = UdpDemultiplexerTests.NewSink();
        for (var i = 0; i < UdpDemultiplexer.MaxPendingTransactions; i++)
        {
            Assert.True(demux.ExpectResponse(NewTransactionId(), sink));
        }

        Assert.False(demux.ExpectResponse(NewTransactionId(), sink));
        Assert.Equal(UdpDemultiplexer.MaxPendingTransactions, demux.PendingTransactionCount);
    }

    [Fact]
    public void ExpireTransactions_AfterLifetime_ForgetsThem()
    {
        var time = new ManualTimeProvider();
        var demux = new UdpDemultiplexer(time);
        var sink = UdpDemultiplexerTests.NewSink();
        var old = NewTransactionId();
        demux.ExpectResponse(old, sink);
        time.Advance(UdpDemultiplexer.TransactionLifetime - TimeSpan.FromSeconds(1));
        var recent = NewTransactionId();
        demux.ExpectResponse(recent, sink);
        time.Advance(TimeSpan.FromSeconds(2));

        demux.ExpireTransactions();
        demux.Dispatch(new FakeSocket(), Response(old), FakeSocket.Address("127.0.0.1", 3478));
        demux.Dispatch(new FakeSocket(), Response(recent), FakeSocket.Address("127.0.0.1", 3478));

        Assert.Equal(1, sink.Responses);
    }

    [Fact]
    public void Unregister_ForgetsTheSinksPendingTransactions()
    {
        var demux = new UdpDemultiplexer();
        var sink = UdpDemultiplexerTests.NewSink();
        demux.Register(sink.Agent.Local.Ufrag, sink);
        var id = NewTransactionId();
        demux.ExpectResponse(id, sink);

        demux.Unregister(sink.Agent.Local.Ufrag, sink);
        demux.Dispatch(new FakeSocket(), Response(id), FakeSocket.Address("127.0.0.1", 3478));

        Assert.Equal(0, sink.Responses);
        Assert.Equal(0, demux.PendingTransactionCount);
    }
}
