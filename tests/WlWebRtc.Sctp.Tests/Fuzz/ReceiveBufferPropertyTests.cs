using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;
using WlWebRtc.Sctp.Tests.Association;
using WlWebRtc.Sctp.Tests.Support;

namespace WlWebRtc.Sctp.Tests.Fuzz;

/// <summary>Random fragment streams from a peer that follows no rule: the buffer never passes its bound, and whatever
/// ends the association frees everything.</summary>
public sealed class ReceiveBufferPropertyTests
{
    [Fact]
    public void HandlePacket_RandomFragmentStreams_BufferNeverAboveLimit()
    {
        long chunks = 0, aborted = 0, refused = 0, delivered = 0;
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            using var peer = new ScriptedPeer(o => o with
            {
                ReceiveWindow = 16 * 1024,
                MaxReceiveMessageSize = random.Next(2) == 0 ? 8 * 1024 : 16 * 1024,
                MaxStreamsWithPartialMessages = random.Next(1, 6),
            });
            peer.Connect();
            peer.OpenChannel();
            var options = peer.Association.Options;
            var limit = ReceiveLimitsTests.BufferLimit(options);
            var garbageRate = random.Next(1, 400); // per step, 1 in garbageRate sends a chunk that breaks the rules
            var ssns = new ushort[6];
            ssns[ScriptedPeer.ChannelStream] = 1;
            var unsent = new List<DataChunk>();   // fragments of messages in TSN order, sent out of order
            var sentLog = new List<DataChunk>();  // what went out, for duplicates and retransmissions
            for (var step = 0; step < 600 && peer.Association.State == SctpAssociationState.Established; step++)
            {
                if (unsent.Count < 8)
                    unsent.AddRange(Message(peer, random, ssns, options.MaxReceiveMessageSize));
                var batch = new List<IChunk>();
                for (var k = random.Next(1, 4); k > 0 && unsent.Count > 0; k--)
                {
                    var index = Math.Min(unsent.Count - 1, random.Next(10) < 7 ? 0 : random.Next(0, 6));
                    batch.Add(unsent[index]);
                    sentLog.Add(unsent[index]);
                    unsent.RemoveAt(index);
                }
                if (random.Next(10) == 0 && sentLog.Count > 0)
                    batch.Add(sentLog[Math.Max(0, sentLog.Count - 1 - random.Next(200))]); // duplicate or retransmission of a refused one
                if (random.Next(garbageRate) == 0)
                    batch.Add(Garbage(peer, random));
                if (random.Next(100) == 0 && sentLog.Count > 0)
                    batch.Add(new ForwardTsnChunk(sentLog[^1].Tsn - (uint)random.Next(0, 20), [new SkippedStream((ushort)random.Next(0, 6), (ushort)random.Next(0, 8))]));
                peer.Send([.. batch]);
                chunks += batch.Count;
                var stats = peer.Statistics;
                Assert.InRange(stats.ReceiveBufferedBytes, 0, limit);
                Assert.InRange(stats.ReceiveBufferedPeakBytes, 0, limit);
                Assert.Equal(0, stats.ProcessingErrors);
                if (random.Next(100) == 0)
                    peer.Time.Advance(TimeSpan.FromMilliseconds(300));
            }
            var final = peer.Statistics;
            if (peer.Association.State != SctpAssociationState.Established)
            {
                aborted++;
                Assert.Equal(0, final.ReceiveBufferedBytes);
            }
            refused += final.DataChunksRefused;
            delivered += peer.Received.Count;
        }
        Assert.True(chunks >= 100_000, $"{chunks} chunks");
        // The generator reaches every outcome: refusals, aborts and deliveries.
        Assert.True(aborted > 10, $"aborted {aborted}");
        Assert.True(refused > 100, $"refused {refused}");
        Assert.True(delivered > 1000, $"delivered {delivered}");
    }

    /// <summary>One message's fragments with consecutive TSNs; now and then larger than the limit.</summary>
    private static List<DataChunk> Message(ScriptedPeer peer, Random random, ushort[] ssns, int maxMessageSize)
    {
        var stream = (ushort)random.Next(ssns.Length);
        var unordered = random.Next(3) == 0;
        var ssn = unordered ? (ushort)0 : ssns[stream]++;
        var size = random.Next(100) == 0 ? maxMessageSize + 1 : random.Next(1, maxMessageSize / 2);
        var fragments = new List<DataChunk>();
        for (var at = 0; at < size;)
        {
            var length = Math.Min(size - at, random.Next(1, 1400));
            fragments.Add(peer.Data(stream, ssn, beginning: at == 0, ending: at + length == size, new byte[length], unordered: unordered));
            at += length;
        }
        return fragments;
    }

    /// <summary>A fragment at a random TSN near the front with random flags, stream and SSN.</summary>
    private static DataChunk Garbage(ScriptedPeer peer, Random random)
    {
        var tsn = peer.NextTsn + (uint)random.Next(-20, 2000);
        var flags = random.Next(4);
        return new DataChunk(tsn, (ushort)random.Next(6), (ushort)random.Next(4), Dcep.Ppid.Binary, random.Next(2) == 0,
            flags is 0 or 3, flags is 1 or 3, new byte[random.Next(1, 1400)]);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void Send_ManyChannelsWithLossAndSmallWindow_AllDeliveredWithoutViolation(double lossRate)
    {
        // A well-behaved peer must never trip the limits, however lossy the path.
        using var pair = new AssociationPair(lossRate, seed: 7, configure: o => o with
        {
            ReceiveWindow = 24 * 1024,
            MaxReceiveMessageSize = 12 * 1024,
            MaxStreamsWithPartialMessages = 2,
        });
        pair.Connect();
        var channels = new[]
        {
            pair.A.OpenDataChannel("ordered"),
            pair.A.OpenDataChannel("unordered", new DataChannelOptions { Ordered = false }),
            pair.A.OpenDataChannel("ordered-2"),
            pair.A.OpenDataChannel("lossy", new DataChannelOptions { Ordered = false, MaxRetransmits = 1 }),
        };
        var received = new Dictionary<string, List<byte[]>>();
        pair.B.DataChannelOpened += ch =>
        {
            received[ch.Label] = [];
            ch.MessageReceived += (c, data, _) => received[c.Label].Add(data.ToArray());
        };
        Assert.True(pair.Run(() => channels.All(c => c.State == DataChannelState.Open)));
        var random = new Random(3);
        var sent = channels.ToDictionary(c => c.Label, _ => new List<byte[]>());
        for (var i = 0; i < 300; i++)
        {
            var channel = channels[random.Next(channels.Length)];
            var message = new byte[random.Next(1, 12 * 1024)];
            random.NextBytes(message);
            if (!channel.Send(message))
            {
                Assert.True(pair.Run(() => channel.BufferedAmount == 0, TimeSpan.FromMinutes(10)));
                Assert.True(channel.Send(message));
            }
            sent[channel.Label].Add(message);
            if (i % 20 == 0)
                pair.Run(() => false, TimeSpan.FromMilliseconds(50));
        }
        Assert.True(pair.Run(() => channels.All(c => c.BufferedAmount == 0), TimeSpan.FromMinutes(30)));
        pair.Run(() => false, TimeSpan.FromSeconds(5));

        var stats = pair.B.GetStatistics();
        Assert.Equal(0, stats.ProtocolViolations);
        Assert.Equal(0, stats.ProcessingErrors);
        Assert.Equal(SctpAssociationState.Established, pair.B.State);
        Assert.InRange(stats.ReceiveBufferedPeakBytes, 1, 36 * 1024);
        Assert.Equal(sent["ordered"], received["ordered"]);
        Assert.Equal(sent["ordered-2"], received["ordered-2"]);
        Assert.Equal(sent["unordered"].Count, received["unordered"].Count);
        Assert.Subset(sent["unordered"].Select(Convert.ToBase64String).ToHashSet(), received["unordered"].Select(Convert.ToBase64String).ToHashSet());
        Assert.Subset(sent["lossy"].Select(Convert.ToBase64String).ToHashSet(), received["lossy"].Select(Convert.ToBase64String).ToHashSet());
        if (lossRate == 0)
            Assert.Equal(sent["lossy"].Count, received["lossy"].Count);
    }
}
