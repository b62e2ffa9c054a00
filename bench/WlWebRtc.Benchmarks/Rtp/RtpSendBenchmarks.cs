using BenchmarkDotNet.Attributes;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Benchmarks.Rtp;

/// <summary>
/// Packetize + SRTP-protect one 1080p-sized frame for one viewer (a 250 KB keyframe: two IDR slices, or a
/// 25 KB delta frame: ~8 Mb/s at 60 fps with a keyframe now and then). Divide the frame size by the time
/// for bytes/s per core; a new viewer costs one SendFrame per frame.
/// </summary>
[MemoryDiagnoser]
public class RtpSendBenchmarks : IDisposable
{
    private readonly NullSink _sink = new();
    private RtpVideoSender _sender = null!;
    private byte[] _frame = [];
    private H264PacketPlan _plan = null!;
    private long _timestamp;

    [Params(SrtpProfile.AesCm128HmacSha1Tag80, SrtpProfile.AeadAes128Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(true, false)]
    public bool Keyframe { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var material = new byte[DtlsSrtpKeying.GetKeyingMaterialLength(Profile)];
        for (var i = 0; i < material.Length; i++)
        {
            material[i] = (byte)(i * 7);
        }

        var (local, remote) = DtlsSrtpKeying.Split(Profile, material, isDtlsClient: false);
        _sender = new RtpVideoSender(
            new RtpVideoSenderOptions
            {
                Ssrc = 1,
                PayloadType = 108,
                RtxSsrc = 2,
                RtxPayloadType = 109,
                AbsSendTimeExtensionId = 2,
                TransportWideCcExtensionId = 3,
                PlayoutDelayExtensionId = 4,
            },
            new SrtpSession(local),
            new SrtpSession(remote),
            _sink);
        _frame = Keyframe ? Frame(0x65, 125_000, withParameterSets: true) : Frame(0x41, 25_000, withParameterSets: false);
        _plan = new H264PacketPlan();
        _plan.Build(_frame);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public int PacketizeAndProtect() => _sender.SendFrame(_frame, _timestamp += 16_666_667);

    [Benchmark]
    public int ProtectWithSharedPlan() => _sender.SendFrame(_frame, _timestamp += 16_666_667, _plan);

    private static byte[] Frame(byte sliceHeader, int sliceLength, bool withParameterSets)
    {
        var random = new Random(42);
        var bytes = new List<byte>();
        if (withParameterSets)
        {
            bytes.AddRange([0, 0, 0, 1, 0x67, 0x42, 0xe0, 0x1f, 0x8c, 0x68, 0x05, 0x00, 0x5b, 0xa1]);
            bytes.AddRange([0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80]);
        }

        var slices = withParameterSets ? 2 : 1;
        for (var s = 0; s < slices; s++)
        {
            bytes.AddRange([0, 0, 0, 1, sliceHeader]);
            var slice = new byte[sliceLength];
            random.NextBytes(slice);
            for (var i = 0; i < slice.Length; i++)
            {
                // No accidental start codes inside the slice.
                if (slice[i] == 0)
                {
                    slice[i] = 1;
                }
            }

            bytes.AddRange(slice);
        }

        return [.. bytes];
    }

    private sealed class NullSink : IRtpPacketSink
    {
        public long Bytes { get; private set; }

        public void SendDatagram(ReadOnlySpan<byte> datagram) => Bytes += datagram.Length;
    }
}
