using WlWebRtc.Sctp.Tests.Support;

namespace WlWebRtc.Sctp.Tests.Association;

public sealed class SctpAssociationTests
{
    private sealed record Received(string Label, byte[] Data, bool Binary);

    /// <summary>Collects what arrives on every channel of an association, including channels the peer opens.</summary>
    private sealed class Sink
    {
        public List<Received> Messages { get; } = [];
        public List<DataChannel> Opened { get; } = [];
        public List<DataChannel> Closed { get; } = [];

        public Sink(SctpAssociation association)
        {
            association.DataChannelOpened += ch =>
            {
                lock (Messages)
                    Opened.Add(ch);
                Attach(ch);
            };
        }

        public void Attach(DataChannel channel)
        {
            channel.MessageReceived += (c, data, binary) =>
            {
                lock (Messages)
                    Messages.Add(new Received(c.Label, data.ToArray(), binary));
            };
            channel.Closed += c =>
            {
                lock (Messages)
                    Closed.Add(c);
            };
        }
    }

    private static byte[] Payload(int index, int length)
    {
        var data = new byte[length];
        new Random(index).NextBytes(data);
        if (length >= 4)
            BitConverter.TryWriteBytes(data, index);
        return data;
    }

    [Fact]
    public void Start_BothSidesSendInit_BothEstablished()
    {
        using var pair = new AssociationPair();
        pair.Connect(bothStart: true);
        Assert.Equal(0, pair.A.GetStatistics().ProcessingErrors);
        Assert.Equal(0, pair.B.GetStatistics().ProcessingErrors);
    }

    [Fact]
    public void Start_OnlyOneSideSendsInit_PeerAnswersAndBothEstablished()
    {
        using var pair = new AssociationPair();
        pair.Connect(bothStart: false);
    }

    [Fact]
    public void Start_InitLostSeveralTimes_RetransmittedUntilEstablished()
    {
        using var pair = new AssociationPair();
        var dropped = 0;
        pair.Filter = (toB, _) => !(toB && dropped++ < 3);
        pair.Connect(bothStart: false);
        Assert.Equal(3, pair.Dropped);
    }

    [Fact]
    public void OpenDataChannel_MessagesBothWays_DeliveredWithTypeAndLabel()
    {
        using var pair = new AssociationPair();
        var sinkA = new Sink(pair.A);
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("chat", new DataChannelOptions { Protocol = "json" });
        Assert.Equal(0, channel.StreamId % 2); // DTLS client: even ids
        Assert.True(pair.Run(() => channel.State == DataChannelState.Open && sinkB.Opened.Count == 1));
        var remote = sinkB.Opened[0];
        Assert.Equal("chat", remote.Label);
        Assert.Equal("json", remote.Protocol);
        Assert.Equal(channel.StreamId, remote.StreamId);

        Assert.True(channel.Send("hello"));
        Assert.True(channel.Send([1, 2, 3]));
        Assert.True(channel.Send(""));
        Assert.True(channel.Send(ReadOnlySpan<byte>.Empty, isBinary: true));
        Assert.True(remote.Send("back"));
        Assert.True(pair.Run(() => sinkB.Messages.Count == 4 && sinkA.Messages.Count == 1));

        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(sinkB.Messages[0].Data));
        Assert.False(sinkB.Messages[0].Binary);
        Assert.Equal(new byte[] { 1, 2, 3 }, sinkB.Messages[1].Data);
        Assert.True(sinkB.Messages[1].Binary);
        Assert.Empty(sinkB.Messages[2].Data);
        Assert.False(sinkB.Messages[2].Binary);
        Assert.Empty(sinkB.Messages[3].Data);
        Assert.True(sinkB.Messages[3].Binary);
        Assert.Equal("back", System.Text.Encoding.UTF8.GetString(sinkA.Messages[0].Data));
        Assert.Equal("chat", sinkA.Messages[0].Label);
    }

    [Fact]
    public void OpenDataChannel_BeforeEstablished_OpensOnceUp()
    {
        using var pair = new AssociationPair();
        var sinkB = new Sink(pair.B);
        var channel = pair.B.OpenDataChannel("early");
        Assert.Equal(1, channel.StreamId % 2); // DTLS server: odd ids
        Assert.True(channel.Send("queued before set-up"));
        pair.Connect();
        var sinkA = new Sink(pair.A);
        Assert.True(pair.Run(() => channel.State == DataChannelState.Open && sinkA.Messages.Count == 1));
        Assert.Equal("queued before set-up", System.Text.Encoding.UTF8.GetString(sinkA.Messages[0].Data));
        Assert.Empty(sinkB.Messages);
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.05, 2)]
    [InlineData(0.10, 3)]
    [InlineData(0.20, 4)]
    public void Send_ReliableOrderedWithLoss_EveryMessageInOrder(double loss, int seed)
    {
        using var pair = new AssociationPair(loss, seed);
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("bulk");
        var sizes = new List<int>();
        var random = new Random(seed);
        for (var i = 0; i < 120; i++)
            sizes.Add(i % 20 == 0 ? 70_000 + random.Next(100_000) : 4 + random.Next(3000));
        for (var i = 0; i < sizes.Count; i++)
            Assert.True(channel.Send(Payload(i, sizes[i])));
        Assert.True(pair.Run(() => sinkB.Messages.Count == sizes.Count, TimeSpan.FromMinutes(30)),
            $"delivered {sinkB.Messages.Count} of {sizes.Count}; A={pair.A.State}");
        for (var i = 0; i < sizes.Count; i++)
            Assert.Equal(Payload(i, sizes[i]), sinkB.Messages[i].Data);
        Assert.True(pair.Run(() => channel.BufferedAmount == 0));
        var stats = pair.A.GetStatistics();
        Assert.Equal(0, stats.ProcessingErrors);
        if (loss > 0)
            Assert.True(stats.Retransmissions > 0);
    }

    [Fact]
    public void Send_UnorderedWithLoss_EveryMessageOnce()
    {
        using var pair = new AssociationPair(0.1, 7);
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("u", new DataChannelOptions { Ordered = false });
        Assert.True(pair.Run(() => channel.State == DataChannelState.Open));
        for (var i = 0; i < 200; i++)
            Assert.True(channel.Send(Payload(i, 8 + i * 37 % 4000)));
        Assert.True(pair.Run(() => sinkB.Messages.Count == 200, TimeSpan.FromMinutes(10)));
        var indices = sinkB.Messages.Select(m => BitConverter.ToInt32(m.Data)).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 200), indices);
    }

    [Fact]
    public void Send_MaxRetransmitsZeroWithLoss_SomeAbandonedRestInOrderAndNoStall()
    {
        using var pair = new AssociationPair(0.15, 11);
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var lossy = pair.A.OpenDataChannel("lossy", new DataChannelOptions { MaxRetransmits = 0 });
        var reliable = pair.A.OpenDataChannel("reliable");
        Assert.True(pair.Run(() => lossy.State == DataChannelState.Open && reliable.State == DataChannelState.Open, TimeSpan.FromMinutes(5)));
        for (var i = 0; i < 300; i++)
            Assert.True(lossy.Send(Payload(i, 100 + i % 2000)));
        Assert.True(reliable.Send("after"));
        Assert.True(pair.Run(() => sinkB.Messages.Any(m => m.Label == "reliable") && lossy.BufferedAmount == 0, TimeSpan.FromMinutes(10)));
        var got = sinkB.Messages.Where(m => m.Label == "lossy").Select(m => BitConverter.ToInt32(m.Data)).ToList();
        Assert.True(got.Count < 300, "with 15% loss and no retransmissions some messages must be missing");
        Assert.True(got.Count > 100);
        Assert.Equal(got.Order(), got); // still in order, no duplicates
        Assert.Equal(got.Distinct().Count(), got.Count);
        Assert.True(pair.A.GetStatistics().MessagesAbandoned > 0);
    }

    [Fact]
    public void Send_MaxPacketLifetimeExpired_Abandoned()
    {
        using var pair = new AssociationPair();
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var timed = pair.A.OpenDataChannel("timed", new DataChannelOptions { MaxPacketLifetime = TimeSpan.FromMilliseconds(50), Ordered = false });
        Assert.True(pair.Run(() => timed.State == DataChannelState.Open));
        // Black-hole A->B for a while: everything sent now outlives its 50 ms.
        var blackHole = true;
        pair.Filter = (toB, _) => !(toB && blackHole);
        for (var i = 0; i < 10; i++)
            Assert.True(timed.Send(Payload(i, 500)));
        pair.Run(() => false, TimeSpan.FromSeconds(1));
        blackHole = false;
        Assert.True(timed.Send(Payload(99, 500)));
        Assert.True(pair.Run(() => sinkB.Messages.Count == 1 && timed.BufferedAmount == 0, TimeSpan.FromSeconds(30)));
        Assert.Equal(99, BitConverter.ToInt32(sinkB.Messages[0].Data));
        Assert.True(pair.A.GetStatistics().MessagesAbandoned >= 10);
    }

    [Fact]
    public void Close_LocalChannel_ClosedOnBothSidesAndIdReusable()
    {
        using var pair = new AssociationPair(0.1, 5);
        var sinkA = new Sink(pair.A);
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        Assert.True(pair.Run(() => sinkB.Opened.Count == 1 && sinkA.Opened.Count == 1));
        for (var i = 0; i < 20; i++)
            channel.Send(Payload(i, 1000));
        channel.Close();
        Assert.True(pair.Run(() => channel.State == DataChannelState.Closed && sinkB.Opened[0].State == DataChannelState.Closed, TimeSpan.FromMinutes(5)));
        Assert.Equal(20, sinkB.Messages.Count); // data sent before the close still arrives
        Assert.Single(sinkA.Closed);
        Assert.Single(sinkB.Closed);
        Assert.Empty(pair.A.DataChannels);
        Assert.Empty(pair.B.DataChannels);
        Assert.False(channel.Send("late"));

        var again = pair.A.OpenDataChannel("again");
        Assert.Equal(channel.StreamId, again.StreamId);
        Assert.True(pair.Run(() => sinkB.Opened.Count == 2));
        again.Send("x");
        Assert.True(pair.Run(() => sinkB.Messages.Count == 21));
        Assert.Equal("again", sinkB.Messages[20].Label);
    }

    [Fact]
    public void Close_RemoteChannel_ClosesOpenerToo()
    {
        using var pair = new AssociationPair();
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        var closed = false;
        channel.Closed += _ => closed = true;
        Assert.True(pair.Run(() => sinkB.Opened.Count == 1 && channel.State == DataChannelState.Open));
        sinkB.Opened[0].Close();
        Assert.True(pair.Run(() => closed && sinkB.Closed.Count == 1));
    }

    [Fact]
    public void Shutdown_Established_BothClosedAndChannelsClosed()
    {
        using var pair = new AssociationPair();
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        Assert.True(pair.Run(() => sinkB.Opened.Count == 1));
        channel.Send(Payload(1, 200_000));
        pair.A.Shutdown();
        Assert.True(pair.Run(() => pair.A.State == SctpAssociationState.Closed && pair.B.State == SctpAssociationState.Closed));
        Assert.Single(sinkB.Messages); // queued data is delivered before the shutdown completes
        Assert.Equal(DataChannelState.Closed, channel.State);
        Assert.Equal(DataChannelState.Closed, sinkB.Opened[0].State);
    }

    [Fact]
    public void Abort_Established_PeerFails()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        pair.A.Abort("bye");
        Assert.True(pair.Run(() => pair.B.State == SctpAssociationState.Failed));
        Assert.Equal(SctpAssociationState.Closed, pair.A.State);
    }

    [Fact]
    public void Send_PeerUnreachable_AssociationFails()
    {
        using var pair = new AssociationPair(configure: o => o with { MaxRetransmissions = 3 });
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        pair.Filter = (_, _) => false;
        channel.Send("x");
        Assert.True(pair.Run(() => pair.A.State == SctpAssociationState.Failed));
        Assert.Equal(DataChannelState.Closed, channel.State);
    }

    [Fact]
    public void Send_LargerThanPeerMaximum_Throws()
    {
        using var pair = new AssociationPair(configure: o => o with { MaxSendMessageSize = 1000 });
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        Assert.Throws<ArgumentException>(() => channel.Send(new byte[1001]));
    }

    [Fact]
    public void Receive_LargerThanOurMaximum_AssociationAborted()
    {
        using var pair = new AssociationPair(configure: o => o with { MaxReceiveMessageSize = 5000 });
        var sinkB = new Sink(pair.B);
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        Assert.True(pair.Run(() => channel.State == DataChannelState.Open));
        channel.Send("small");
        channel.Send(new byte[6000]);
        Assert.True(pair.Run(() => pair.A.State == SctpAssociationState.Failed && pair.B.State == SctpAssociationState.Failed));
        Assert.Equal("small", System.Text.Encoding.UTF8.GetString(Assert.Single(sinkB.Messages).Data));
        Assert.Equal(1, pair.B.GetStatistics().ProtocolViolations);
        Assert.Equal(0, pair.B.GetStatistics().ReceiveBufferedBytes);
    }

    [Fact]
    public void Send_BeyondSendBuffer_Refused()
    {
        using var pair = new AssociationPair(configure: o => o with { MaxSendBufferSize = 100_000 });
        pair.Connect();
        var channel = pair.A.OpenDataChannel("c");
        Assert.True(channel.Send(new byte[60_000]));
        Assert.False(channel.Send(new byte[60_000]));
    }

    [Fact]
    public void OpenDataChannel_Negotiated_NoDcepAndMessagesFlow()
    {
        using var pair = new AssociationPair();
        pair.Connect();
        var a = pair.A.OpenDataChannel("n", new DataChannelOptions { Negotiated = true, StreamId = 7 });
        var b = pair.B.OpenDataChannel("n", new DataChannelOptions { Negotiated = true, StreamId = 7 });
        Assert.Equal(DataChannelState.Open, a.State);
        string? got = null;
        b.MessageReceived += (_, data, _) => got = System.Text.Encoding.UTF8.GetString(data);
        a.Send("negotiated");
        Assert.True(pair.Run(() => got is not null));
        Assert.Equal("negotiated", got);
    }

    [Fact]
    public void OpenDataChannel_WrongParity_Throws()
    {
        using var pair = new AssociationPair();
        Assert.Throws<ArgumentException>(() => pair.A.OpenDataChannel("x", new DataChannelOptions { StreamId = 1 }));
    }

    [Fact]
    public void Options_Invalid_AllErrorsReported()
    {
        var errors = new SctpAssociationOptions { LocalPort = 0, MaxPacketSize = 10, RtoMin = TimeSpan.Zero }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Throws<ArgumentException>(() => new SctpAssociation(new SctpAssociationOptions { LocalPort = 0 }, _ => { }));
        Assert.Equal(2, new DataChannelOptions { MaxRetransmits = -1, MaxPacketLifetime = TimeSpan.FromSeconds(1) }.Validate().Count);
    }
}
