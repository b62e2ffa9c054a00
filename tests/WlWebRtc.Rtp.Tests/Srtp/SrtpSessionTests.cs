using System.Buffers.Binary;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Rtp.Tests.Srtp;

public sealed class SrtpSessionTests
{
    public static TheoryData<SrtpProfile> Profiles => [SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_WhatTheOtherSideProtected_RoundTrips(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var plain = RtpPacket(1000, 0x11223344, 300);
            var wire = Protect(sender, plain);

            Assert.NotEqual(plain.AsSpan(12).ToArray(), wire.AsSpan(12, plain.Length - 12).ToArray());
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire, out var length));
            Assert.Equal(plain, wire.AsSpan(0, length).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_SamePacketTwice_SecondIsReplayed(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var wire = Protect(sender, RtpPacket(5, 1, 50));
            var copy = wire.ToArray();

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire, out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(copy, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_FlippedBit_FailsAuthentication(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var wire = Protect(sender, RtpPacket(5, 1, 50));
            wire[20] ^= 0x01;

            Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(wire, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_AcrossSequenceWrap_RolloverCounterFollows(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (var i = 0; i < 20; i++)
            {
                var sequence = (ushort)(65530 + i);
                var plain = RtpPacket(sequence, 7, 40);
                var wire = Protect(sender, plain);
                Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(wire, out var length));
                Assert.Equal(plain, wire.AsSpan(0, length).ToArray());
            }

            Assert.Equal(1u, sender.GetRolloverCounter(7));
            Assert.Equal(1u, receiver.GetRolloverCounter(7));
        }
    }

    [Fact]
    public void UnprotectRtp_OldPacketFromBeforeWrapArrivesLate_DecryptsWithPreviousRoc()
    {
        var (sender, receiver) = Pair(SrtpProfile.AesCm128HmacSha1Tag80);
        using (sender)
        using (receiver)
        {
            var first = Protect(sender, RtpPacket(65534, 9, 30));
            var late = Protect(sender, RtpPacket(65535, 9, 30));
            var after = Protect(sender, RtpPacket(1, 9, 30));

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(first, out _));
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(after, out _));
            Assert.Equal(1u, receiver.GetRolloverCounter(9));
            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(late, out _));
        }
    }

    [Fact]
    public void UnprotectRtp_OlderThanReplayWindow_IsRejected()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var old = Protect(sender, RtpPacket(100, 3, 10));
            var recent = Protect(sender, RtpPacket(100 + 2000, 3, 10));

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtp(recent, out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtp(old, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_WhatTheOtherSideProtected_RoundTripsAndRejectsReplay(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var plain = Hex.Bytes("80c90001cafebabe");
            var wire = new byte[plain.Length + sender.RtcpOverhead];
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(plain, wire, out var written));
            var copy = wire.AsSpan(0, written).ToArray();

            Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(wire.AsSpan(0, written), out var length));
            Assert.Equal(plain, wire.AsSpan(0, length).ToArray());
            Assert.Equal(SrtpStatus.Replayed, receiver.UnprotectRtcp(copy, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_ForgedPacketsFromRandomSsrcs_KeepNoState(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(11);
            var datagram = new byte[8 + 4 + receiver.RtcpOverhead];
            for (var i = 0; i < 100_000; i++)
            {
                random.NextBytes(datagram);
                datagram[0] = 0x80;
                datagram[1] = 201;

                Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtcp(datagram, out _));
            }

            Assert.Equal(0, receiver.RtcpSsrcCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ForgedPacketsFromRandomSsrcs_KeepNoState(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(12);
            var datagram = new byte[12 + 20 + receiver.RtpOverhead];
            for (var i = 0; i < 10_000; i++)
            {
                random.NextBytes(datagram);
                datagram[0] = 0x80;
                datagram[1] = 96;

                Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.UnprotectRtp(datagram, out _));
            }

            Assert.Equal(0, receiver.RtpSsrcCount);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_AuthenticPacketsFromMoreSsrcsThanTheCap_StateCappedAndTheRestDropped(SrtpProfile profile)
    {
        using var sender = new SrtpSession(Key(profile, 1));
        using var receiver = new SrtpSession(Key(profile, 1), maxRemoteSsrcs: 4);
        var statuses = new List<SrtpStatus>();
        for (uint ssrc = 1; ssrc <= 10; ssrc++)
        {
            var plain = Hex.Bytes($"80c90001{ssrc:x8}");
            var wire = new byte[plain.Length + sender.RtcpOverhead];
            Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(plain, wire, out var written));
            statuses.Add(receiver.UnprotectRtcp(wire.AsSpan(0, written), out _));
        }

        Assert.Equal(Enumerable.Repeat(SrtpStatus.Ok, 4).Concat(Enumerable.Repeat(SrtpStatus.SsrcLimitReached, 6)), statuses);
        Assert.Equal(4, receiver.RtcpSsrcCount);

        // A known SSRC still gets through once the table is full.
        var again = Hex.Bytes("80c9000100000002");
        var wireAgain = new byte[again.Length + sender.RtcpOverhead];
        Assert.Equal(SrtpStatus.Ok, sender.ProtectRtcp(again, wireAgain, out var length));
        Assert.Equal(SrtpStatus.Ok, receiver.UnprotectRtcp(wireAgain.AsSpan(0, length), out _));
    }

    [Fact]
    public void UnprotectRtp_AuthenticPacketsFromMoreSsrcsThanTheDefaultCap_StateCapped()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var dropped = 0;
            for (uint ssrc = 1; ssrc <= SrtpSession.DefaultMaxRemoteSsrcs + 5; ssrc++)
            {
                if (receiver.UnprotectRtp(Protect(sender, RtpPacket(1, ssrc, 20)), out _) == SrtpStatus.SsrcLimitReached)
                {
                    dropped++;
                }
            }

            Assert.Equal(5, dropped);
            Assert.Equal(SrtpSession.DefaultMaxRemoteSsrcs, receiver.RtpSsrcCount);
        }
    }

    [Fact]
    public void ProtectRtp_InPlace_SameAsSeparateBuffers()
    {
        var (a, b) = Pair(SrtpProfile.AesCm128HmacSha1Tag80);
        using (a)
        using (b)
        {
            var plain = RtpPacket(42, 5, 2000);
            var separate = Protect(a, plain);
            var inPlace = new byte[plain.Length + b.RtpOverhead];
            plain.CopyTo(inPlace, 0);

            // b has the same key as a in this direction: a fresh session with the same master key.
            using var again = new SrtpSession(Key(SrtpProfile.AesCm128HmacSha1Tag80, 1));
            Assert.Equal(SrtpStatus.Ok, again.ProtectRtp(inPlace.AsSpan(0, plain.Length), inPlace, out _));

            Assert.Equal(separate, inPlace);
        }
    }

    [Fact]
    public void ProtectRtp_DestinationTooSmall_ReturnsBufferTooSmall()
    {
        using var session = new SrtpSession(Key(SrtpProfile.AesCm128HmacSha1Tag80, 1));
        var plain = RtpPacket(1, 1, 10);

        Assert.Equal(SrtpStatus.BufferTooSmall, session.ProtectRtp(plain, new byte[plain.Length], out _));
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 88)]
    public void Split_ServerRole_SendsWithServerKeyAndSalt(SrtpProfile profile, int length)
    {
        var material = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var keyLength = profile == SrtpProfile.AeadAes256Gcm ? 32 : 16;
        var saltLength = profile == SrtpProfile.AesCm128HmacSha1Tag80 ? 14 : 12;

        Assert.Equal(length, DtlsSrtpKeying.GetKeyingMaterialLength(profile));
        var (local, remote) = DtlsSrtpKeying.Split(profile, material, isDtlsClient: false);
        var (clientLocal, clientRemote) = DtlsSrtpKeying.Split(profile, material, isDtlsClient: true);

        Assert.Equal(material.AsSpan(keyLength, keyLength).ToArray(), local.Key.ToArray());
        Assert.Equal(material.AsSpan((2 * keyLength) + saltLength, saltLength).ToArray(), local.Salt.ToArray());
        Assert.Equal(material.AsSpan(0, keyLength).ToArray(), remote.Key.ToArray());
        Assert.Equal(material.AsSpan(2 * keyLength, saltLength).ToArray(), remote.Salt.ToArray());
        Assert.Equal(remote.Key.ToArray(), clientLocal.Key.ToArray());
        Assert.Equal(local.Salt.ToArray(), clientRemote.Salt.ToArray());
    }

    [Fact]
    public void Split_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeying.Split(SrtpProfile.AesCm128HmacSha1Tag80, new byte[59], false));
    }

    internal static SrtpMasterKey Key(SrtpProfile profile, byte seed)
    {
        var keyLength = profile == SrtpProfile.AeadAes256Gcm ? 32 : 16;
        var saltLength = profile == SrtpProfile.AesCm128HmacSha1Tag80 ? 14 : 12;
        var key = Enumerable.Range(0, keyLength).Select(i => (byte)(i * 7 + seed)).ToArray();
        var salt = Enumerable.Range(0, saltLength).Select(i => (byte)(i * 13 + seed)).ToArray();
        return new SrtpMasterKey(profile, key, salt);
    }

    internal static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProfile profile) =>
        (new SrtpSession(Key(profile, 1)), new SrtpSession(Key(profile, 1)));

    internal static byte[] RtpPacket(ushort sequence, uint ssrc, int payloadLength)
    {
        var packet = new byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 0x01020304);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (var i = 12; i < packet.Length; i++)
        {
            packet[i] = (byte)(i * 31);
        }

        return packet;
    }

    internal static byte[] Protect(SrtpSession session, byte[] plain)
    {
        var wire = new byte[plain.Length + session.RtpOverhead];
        Assert.Equal(SrtpStatus.Ok, session.ProtectRtp(plain, wire, out var written));
        Assert.Equal(wire.Length, written);
        return wire;
    }
}
