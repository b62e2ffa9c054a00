using System.Runtime.ExceptionServices;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// One helper's turn at a frame, reused frame after frame (no allocation per frame). Whoever claims it first runs
/// it: a thread-pool thread, or the converting thread once it has finished its own work — so a busy pool never
/// stalls a frame, it only loses the parallelism. A stale queue entry that finds the item idle or claimed does nothing.
/// </summary>
internal sealed class BandWorkItem(Action run) : IThreadPoolWorkItem, IDisposable
{
    private const int Idle = 0;
    private const int Queued = 1;
    private const int Claimed = 2;

    private readonly ManualResetEventSlim _done = new(false);
    private ExceptionDispatchInfo? _error;
    private int _state;

    /// <summary>Offers the work to the thread pool; the job it reads must be published before this call.</summary>
    public void Queue()
    {
        _error = null;
        _done.Reset();
        Volatile.Write(ref _state, Queued);
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) == Queued)
        {
            RunCapturing();
            _done.Set();
        }
    }

    /// <summary>Runs the work here if no worker took it yet, else waits for the worker; rethrows what it threw.</summary>
    public void Finish()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) == Queued)
        {
            RunCapturing();
        }
        else
        {
            _done.Wait();
        }

        Volatile.Write(ref _state, Idle);
        _error?.Throw();
    }

    public void Dispose() => _done.Dispose();

    private void RunCapturing()
    {
        try
        {
            run();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a thread-pool thread must not die of it: the converting thread rethrows it
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
    }
}
