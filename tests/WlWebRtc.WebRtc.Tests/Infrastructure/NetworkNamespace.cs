using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WlWebRtc.WebRtc.Tests.Infrastructure;

/// <summary>
/// A private network namespace with only loopback, owned by one dedicated thread: Linux unshare(CLONE_NEWNET)
/// moves only the calling thread, and sockets and child processes (nft, the Playwright driver and the
/// Chromium it starts) belong to the namespace of the thread that creates them. Everything that must live
/// inside runs through <see cref="RunAsync{T}"/>; nothing here can touch the host's network.
/// </summary>
internal sealed partial class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<Action> _work = [];
    private readonly Thread _thread;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NetworkNamespace()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "netns" };
        _thread.Start();
    }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var ns = new NetworkNamespace();
        try
        {
            await ns._ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await ns.RunAsync(() => Exec("ip", "link set lo up"));
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    public Task<T> RunAsync<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(action());
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): handed to the awaiting test
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    public Task RunAsync(Action action) => RunAsync(() =>
    {
        action();
        return true;
    });

    /// <summary>Drops <paramref name="percent"/>% of UDP datagrams at random (nftables numgen; netem is not available here).</summary>
    public Task SetUdpLossAsync(int percent) => RunAsync(() =>
    {
        Exec("nft", "flush ruleset");
        if (percent > 0)
        {
            Exec("nft", "add table inet loss");
            Exec("nft", "add chain inet loss input { type filter hook input priority 0 ; }");
            Exec("nft", percent >= 100
                ? "add rule inet loss input meta l4proto udp counter drop"
                : $"add rule inet loss input meta l4proto udp numgen random mod 100 lt {percent} counter drop");
        }
    });

    /// <summary>The nft ruleset with counters, for the test log.</summary>
    public Task<string> RulesAsync() => RunAsync(() => Exec("nft", "list ruleset"));

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }

    private static string Exec(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {stderr}");
    }

    private void Loop()
    {
        if (Unshare(CloneNewNet) != 0)
        {
            _ready.SetException(new InvalidOperationException($"unshare(CLONE_NEWNET) failed (errno {Marshal.GetLastPInvokeError()}): the loss tests need root or CAP_SYS_ADMIN"));
            return;
        }

        _ready.SetResult();
        foreach (var action in _work.GetConsumingEnumerable())
        {
            action();
        }
    }

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static partial int Unshare(int flags);
}
