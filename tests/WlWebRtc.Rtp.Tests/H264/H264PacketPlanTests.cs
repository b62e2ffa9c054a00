using WlWebRtc.Rtp.H264;

namespace WlWebRtc.Rtp.Tests.H264;

public sealed class H264PacketPlanTests
{
    internal static byte[] Nal(byte header, int length, byte fill)
    {
        var nal = new byte[length];
        nal[0] = header;
        for (var i = 1; i < length; i++)
        {
            nal[i] = (byte)(fill + i);
            if (nal[i] == 0)
            {
                nal[i] = 1;
            }
        }

        return nal;
    }

    internal static byte[] AnnexB(params byte[][] nals)
    {
        var result = new List<byte>();
        for (var i = 0; i < nals.Length; i++)
        {
            result.AddRange(i % 2 == 0 ? [0, 0, 0, 1] : [0, 0, 1]);
            result.AddRange(nals[i]);
        }

        return [.. result];
    }

    internal static byte[] Keyframe(int idrLength = 5000) =>
        AnnexB(Nal(0x09, 2, 0x10), Nal(0x67, 20, 0x20), Nal(0x68, 6, 0x30), Nal(0x06, 30, 0x40), Nal(0x65, idrLength, 0x50), Nal(0x65, idrLength / 2, 0x60));

    [Fact]
    public void Build_Keyframe_SpsPpsInStapAThenSeiThenFuA()
    {
        var frame = Keyframe();
        var plan = new H264PacketPlan(1200);

        plan.Build(frame);

        Assert.True(plan.ContainsIdr);
        Assert.True(plan.ContainsParameterSets);
        var payload = new byte[1200];
        var length = plan.WritePayload(0, frame, payload);
        Assert.Equal(24, payload[0] & 0x1F);
        Assert.Equal(0x60, payload[0] & 0x60);
        Assert.Equal(1 + 2 + 20 + 2 + 6, length);
        Assert.Equal(20, (payload[1] << 8) | payload[2]);
        Assert.Equal(0x67, payload[3]);
        length = plan.WritePayload(1, frame, payload);
        Assert.Equal(30, length);
        Assert.Equal(0x06, payload[0]);
        length = plan.WritePayload(2, frame, payload);
        Assert.Equal(28, payload[0] & 0x1F);
        Assert.Equal(0x80 | 5, payload[1]);
    }

    [Theory]
    [InlineData(1200)]
    [InlineData(500)]
    [InlineData(100)]
    public void Build_ThenDepacketize_RestoresEveryNalExceptDelimiters(int maxPayload)
    {
        var frame = Keyframe(7777);
        var plan = new H264PacketPlan(maxPayload);
        plan.Build(frame);
        var depacketizer = new H264Depacketizer();
        var payload = new byte[maxPayload];

        for (var i = 0; i < plan.PacketCount; i++)
        {
            var length = plan.WritePayload(i, frame, payload);
            Assert.True(length <= maxPayload);
            Assert.Equal(plan.GetPayloadLength(i), length);
            Assert.True(depacketizer.Push(payload.AsSpan(0, length)));
        }

        var rebuilt = depacketizer.EndFrame();
        var expected = new List<byte>();
        foreach (var nal in new[] { Nal(0x67, 20, 0x20), Nal(0x68, 6, 0x30), Nal(0x06, 30, 0x40), Nal(0x65, 7777, 0x50), Nal(0x65, 7777 / 2, 0x60) })
        {
            expected.AddRange([0, 0, 0, 1]);
            expected.AddRange(nal);
        }

        Assert.Equal(expected.ToArray(), rebuilt);
    }

    [Fact]
    public void Build_LargeNal_FragmentsHaveEqualSizes()
    {
        var frame = AnnexB(Nal(0x41, 2401, 3));
        var plan = new H264PacketPlan(1200);

        plan.Build(frame);

        Assert.Equal(3, plan.PacketCount);
        Assert.Equal(802, plan.GetPayloadLength(0));
        Assert.Equal(802, plan.GetPayloadLength(2));
        Assert.False(plan.ContainsIdr);
    }

    [Fact]
    public void Build_SmallDeltaFrame_OneSingleNalPacket()
    {
        var frame = AnnexB(Nal(0x41, 300, 9));
        var plan = new H264PacketPlan();

        plan.Build(frame);

        Assert.Equal(1, plan.PacketCount);
        var payload = new byte[1200];
        Assert.Equal(300, plan.WritePayload(0, frame, payload));
        Assert.Equal(frame.AsSpan(4).ToArray(), payload.AsSpan(0, 300).ToArray());
    }

    [Fact]
    public void Build_TrailingZeroBytes_AreNotPartOfTheNal()
    {
        byte[] frame = [0, 0, 0, 1, 0x41, 5, 6, 0, 0, 0, 0, 1, 0x41, 7, 0, 0];
        var plan = new H264PacketPlan();

        plan.Build(frame);

        Assert.Equal(2, plan.PacketCount);
        Assert.Equal(3, plan.GetPayloadLength(0));
        Assert.Equal(2, plan.GetPayloadLength(1));
    }
}
