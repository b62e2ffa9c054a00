using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.Sctp.Tests.Fuzz;

/// <summary>Random and mutated packets (checksums fixed up so they reach the chunk parsers) fed to HandlePacket:
/// no exception, no internal error, drops counted.</summary>
public sealed class HandlePacketFuzzTests
{
    /// <summary>Real packets of a session: handshake, DCEP, data (fragmented), SACKs with gaps, FORWARD-TSN, RE-CONFIG, SHUTDOWN.</summary>
    private static List<byte[]> CaptureSession()
    {
        var captured = new List<byte[]>();
        using var pair = new AssociationPair(0.1, 42);
        pair.Filter = (_, p) =>
        {
            captured.Add(p);
            return true;
        };
        pair.Connect();
        var reliable = pair.A.OpenDataChannel("r");
        var lossy = pair.A.OpenDataChannel("p", new DataChannelOptions { MaxRetransmits = 0, Ordered = false });
        pair.B.DataChannelOpened += ch => ch.MessageReceived += (c, d, b) => c.Send(d, b);
        for (var i = 0; i < 30; i++)
        {
            reliable.Send(new byte[i * 500 + 1]);
            lossy.Send("x" + i);
        }
        pair.Run(() => reliable.BufferedAmount == 0 && lossy.BufferedAmount == 0, TimeSpan.FromMinutes(5));
        reliable.Close();
        pair.Run(() => reliable.State == DataChannelState.Closed, TimeSpan.FromMinutes(1));
        pair.A.Shutdown();
        pair.Run(() => pair.A.State == SctpAssociationState.Closed, TimeSpan.FromMinutes(1));
        Assert.True(captured.Count > 50);
        return captured;
    }

    private static byte[] Mutate(Random random, byte[] original, uint? tag)
    {
        var packet = (byte[])original.Clone();
        switch (random.Next(6))
        {
            case 0: // flip bytes
                for (var i = random.Next(1, 6); i > 0; i--)
                    packet[random.Next(packet.Length)] ^= (byte)random.Next(1, 256);
                break;
            case 1: // truncate
                packet = packet[..random.Next(0, packet.Length)];
                break;
            case 2: // corrupt a chunk or parameter length field
                if (packet.Length > 16)
                {
                    var at = 12 + random.Next((packet.Length - 12) / 2) * 2;
                    packet[at] = (byte)random.Next(256);
                    packet[at + 1] = (byte)random.Next(256);
                }
                break;
            case 3: // random chunk type
                if (packet.Length > 12)
                    packet[12] = (byte)random.Next(256);
                break;
            case 4: // append garbage
                packet = [.. packet, .. Enumerable.Range(0, random.Next(1, 40)).Select(_ => (byte)random.Next(256))];
                break;
            default: // random bytes after the header
                for (var i = 12; i < packet.Length; i++)
                {
                    if (random.Next(4) == 0)
                        packet[i] = (byte)random.Next(256);
                }
                break;
        }
        if (packet.Length >= 12)
        {
            if (tag is { } t && random.Next(2) == 0)
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), t);
            if (random.Next(10) != 0)
                SctpPacket.WriteChecksum(packet); // most mutants must pass the checksum to reach the parsers
        }
        return packet;
    }

    [Fact]
    public void HandlePacket_RandomAndMutatedBeforeEstablished_NeverThrowsAndCountsDrops()
    {
        var corpus = CaptureSession();
        var random = new Random(1234);
        var time = new ManualTimeProvider();
        using var association = new SctpAssociation(new SctpAssociationOptions(), _ => { }, time);
        for (var i = 0; i < 50_000; i++)
        {
            byte[] packet;
            if (i % 5 == 0)
            {
                packet = new byte[random.Next(0, 300)];
                random.NextBytes(packet);
                if (packet.Length >= 12 && random.Next(2) == 0)
                    SctpPacket.WriteChecksum(packet);
            }
            else
            {
                packet = Mutate(random, corpus[random.Next(corpus.Count)], null);
            }
            association.HandlePacket(packet);
            if (i % 1000 == 0)
                time.Advance(TimeSpan.FromMilliseconds(300)); // lets timers and cookie lifetimes play along
        }
        var stats = association.GetStatistics();
        Assert.Equal(0, stats.ProcessingErrors);
        Assert.Equal(50_000, stats.PacketsReceived);
        Assert.True(stats.PacketsDropped > 10_000, $"dropped {stats.PacketsDropped}");
        Assert.True(stats.ChecksumErrors > 1000);
        Assert.True(stats.MalformedPackets > 1000);
    }

    [Fact]
    public void HandlePacket_MutatedAfterEstablished_NeverThrowsAndCountsDrops()
    {
        var corpus = CaptureSession();
        var random = new Random(99);
        long received = 0, errors = 0, dropped = 0;
        // Fresh established pairs in turn: mutants may legitimately ABORT or shut one down.
        for (var round = 0; round < 20; round++)
        {
            using var pair = new AssociationPair(seed: round);
            pair.Connect();
            var channel = pair.A.OpenDataChannel("c");
            pair.Run(() => channel.State == DataChannelState.Open);
            // The peer's tag as B knows it is what A's packets carry: read it from a packet A sends.
            byte[]? sample = null;
            pair.Filter = (toB, p) =>
            {
                if (toB)
                    sample ??= p;
                return true;
            };
            channel.Send("probe");
            pair.Run(() => sample is not null);
            var tag = SctpPacket.VerificationTag(sample!);
            for (var i = 0; i < 3_000; i++)
            {
                pair.B.HandlePacket(Mutate(random, corpus[random.Next(corpus.Count)], tag));
                if (i % 500 == 0)
                    pair.Run(() => false, TimeSpan.FromMilliseconds(500));
            }
            var stats = pair.B.GetStatistics();
            received += stats.PacketsReceived;
            errors += stats.ProcessingErrors + pair.A.GetStatistics().ProcessingErrors;
            dropped += stats.PacketsDropped;
        }
        Assert.Equal(0, errors);
        Assert.True(received >= 60_000);
        Assert.True(dropped > 10_000, $"dropped {dropped}");
    }
}
