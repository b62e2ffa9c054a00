using BenchmarkDotNet.Attributes;
using WlWebRtc.Sctp;
using WlWebRtc.Sctp.Packets;

namespace WlWebRtc.Benchmarks.Sctp;

/// <summary>Two associations back to back in memory (no loss): cost of sending and receiving messages through SCTP + DCEP,
/// and of the CRC32c checksum alone. Run: dotnet run -c Release --project bench/WlWebRtc.Benchmarks -- --filter '*Sctp*'</summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // disposed in [GlobalCleanup], as BenchmarkDotNet drives the lifetime
public class SctpThroughputBenchmarks
{
    private readonly Queue<(bool ToB, byte[] Packet)> _wire = new();
    private SctpAssociation _a = null!;
    private SctpAssociation _b = null!;
    private DataChannel _channel = null!;
    private byte[] _message = null!;
    private byte[] _packet = null!;
    private long _received;

    [Params(1000, 65536)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = new SctpAssociation(new SctpAssociationOptions { IsDtlsClient = true }, p => _wire.Enqueue((true, p.ToArray())));
        _b = new SctpAssociation(new SctpAssociationOptions(), p => _wire.Enqueue((false, p.ToArray())));
        _b.DataChannelOpened += ch => ch.MessageReceived += (_, data, _) => _received += data.Length;
        _a.Start();
        _channel = _a.OpenDataChannel("bench");
        Pump();
        if (_channel.State != DataChannelState.Open)
            throw new InvalidOperationException("benchmark channel did not open");
        _message = new byte[MessageSize];
        _packet = new byte[1200];
        Random.Shared.NextBytes(_packet);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private void Pump()
    {
        while (_wire.TryDequeue(out var item))
            (item.ToB ? _b : _a).HandlePacket(item.Packet);
    }

    /// <summary>100 messages sent and delivered (SACKs included).</summary>
    [Benchmark(OperationsPerInvoke = 100)]
    public long SendAndDeliver()
    {
        for (var i = 0; i < 100; i++)
        {
            _channel.Send(_message);
            Pump();
        }
        return _received;
    }

    [Benchmark]
    public uint Crc32c1200() => Crc32c.Compute(_packet);
}
#pragma warning restore CA1001
