using System.Diagnostics;
using Xunit;

namespace WlWebRtc.Testing;

/// <summary>
/// Waits for a condition that another thread or process makes true, failing the test with what was awaited when it
/// does not hold in time. Only for real concurrency: logic driven by a clock uses <see cref="ManualTimeProvider"/>.
/// </summary>
public static class Poll
{
    /// <summary>How long a condition may take unless the test says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> (25 ms) until it holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>Polls an asynchronous <paramref name="condition"/> (a query to a browser or a server) every <paramref name="interval"/> (100 ms).</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Blocks the test's thread until <paramref name="condition"/> holds, for tests of code that signals a thread of its own.</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = timeout ?? DefaultTimeout;
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > limit)
            {
                Assert.Fail($"not within {limit.TotalSeconds:0.#} s: {what}");
            }

            Thread.Sleep(5);
        }
    }
}
