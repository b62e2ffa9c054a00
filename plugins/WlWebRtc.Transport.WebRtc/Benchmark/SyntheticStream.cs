namespace WlWebRtc.Transport.WebRtc.Benchmark;

/// <summary>
/// Annex B access units shaped like an encoder's output at a given bitrate and frame rate: an IDR with
/// SPS/PPS every <c>gop</c> frames (8x a P frame), P frames otherwise. Payload bytes avoid start-code patterns.
/// </summary>
internal sealed class SyntheticStream
{
    private readonly byte[] _keyframe;
    private readonly byte[] _delta;
    private readonly int _gop;

    public SyntheticStream(long bitsPerSecond, int fps, int gop = 120)
    {
        _gop = gop;
        var perGop = bitsPerSecond / 8.0 * gop / fps;
        var delta = (int)(perGop / (gop - 1 + 8));
        _delta = Build(1, delta, parameterSets: false);
        _keyframe = Build(5, delta * 8, parameterSets: true);
    }

    public ReadOnlyMemory<byte> Frame(long index) => index % _gop == 0 ? _keyframe : _delta;

    public bool IsKeyframe(long index) => index % _gop == 0;

    private static byte[] Build(int nalType, int size, bool parameterSets)
    {
        var random = new Random(nalType);
        var list = new List<byte>(size + 64);
        if (parameterSets)
        {
            list.AddRange([0, 0, 0, 1, 0x67, 0x42, 0xE0, 0x28, 0x8D, 0x68, 0x05, 0x00, 0x5B, 0xA1]);
            list.AddRange([0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80]);
        }

        list.AddRange([0, 0, 0, 1, (byte)(0x60 | nalType), 0x88]);
        for (var i = 0; i < size; i++)
        {
            list.Add((byte)random.Next(1, 256)); // never 0: no accidental start code
        }

        return [.. list];
    }
}
