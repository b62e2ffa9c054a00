using BenchmarkDotNet.Attributes;
using WlWebRtc.FFmpeg.Conversion;

namespace WlWebRtc.Benchmarks.ColorConversion;

/// <summary>
/// The per-frame cost of splitting a conversion into two bands, with bands that do almost nothing: the converter's
/// reusable work items against Parallel.For and a Task per band.
/// </summary>
[MemoryDiagnoser]
public class BandDispatchBenchmarks : IDisposable
{
    private readonly int[] _touched = new int[2 * 16];
    private BandWorkItem? _item;
    private Action<int>? _band;

    [GlobalSetup]
    public void Setup()
    {
        _band = Band;
        _item = new BandWorkItem(() => Band(1));
    }

    [Benchmark(Baseline = true)]
    public void WorkItems()
    {
        _item!.Queue();
        Band(0);
        _item.Finish();
    }

    [Benchmark]
    public void ParallelFor() => Parallel.For(0, 2, _band!);

    [Benchmark]
    public void TaskPerBand()
    {
        var other = Task.Run(() => Band(1));
        Band(0);
        other.Wait();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _item?.Dispose();
        _item = null;
        GC.SuppressFinalize(this);
    }

    // Bands on separate cache lines, so the benchmark measures dispatch rather than false sharing.
    private void Band(int band) => Interlocked.Increment(ref _touched[band * 16]);
}
