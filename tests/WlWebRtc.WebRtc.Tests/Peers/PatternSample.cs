using WlWebRtc.LatencyProbe;

namespace WlWebRtc.WebRtc.Tests.Peers;

/// <summary>What the page read from one displayed frame.</summary>
internal sealed class PatternSample
{
    public int Width { get; set; }

    public int Height { get; set; }

    public double Now { get; set; }

    public int[] Bits { get; set; } = [];

    public int[][] Quadrants { get; set; } = [];

    /// <summary>Decodes the sampled barcode blocks (<see cref="LatencyBarcode"/>): 32-bit ms time, 16-bit counter, checksum.</summary>
    public bool TryDecode(out uint lowMilliseconds, out ushort counter) => LatencyBarcode.TryDecodeBits(Bits, out lowMilliseconds, out counter);
}

internal sealed class VideoStats
{
    public string ConnectionState { get; set; } = "";

    public string IceState { get; set; } = "";

    public long FramesDecoded { get; set; }

    public long FramesDropped { get; set; }

    public long KeyFramesDecoded { get; set; }

    public long FreezeCount { get; set; }

    public double TotalFreezesDuration { get; set; }

    public long NackCount { get; set; }

    public long PliCount { get; set; }

    public long FirCount { get; set; }

    public long PacketsLost { get; set; }

    public long PacketsReceived { get; set; }

    public long RetransmittedPacketsReceived { get; set; }

    public int FrameWidth { get; set; }

    public int FrameHeight { get; set; }

    public override string ToString() =>
        $"conn={ConnectionState} ice={IceState} decoded={FramesDecoded} dropped={FramesDropped} key={KeyFramesDecoded} freezes={FreezeCount} ({TotalFreezesDuration:F2}s) " +
        $"nack={NackCount} pli={PliCount} fir={FirCount} lost={PacketsLost} recv={PacketsReceived} rtx={RetransmittedPacketsReceived} {FrameWidth}x{FrameHeight}";
}
