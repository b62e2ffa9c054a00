using WlWebRtc.Portal.PipeWire;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// A fake DMA_BUF_IOCTL_SYNC (the plugin's interfaces are internal, which NSubstitute's proxies cannot implement):
/// answers from a script of errnos, the last one repeating, and records every call.
/// </summary>
internal sealed class ScriptedIoctl(params int[] errnos) : IDmaBufIoctl
{
    private readonly object _gate = new();
    private readonly List<(int Fd, ulong Flags)> _calls = [];
    private int _next;

    /// <summary>A snapshot of the calls so far (the capture calls from its delivery thread).</summary>
    public IReadOnlyList<(int Fd, ulong Flags)> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public int Sync(int fd, ulong flags)
    {
        lock (_gate)
        {
            _calls.Add((fd, flags));
            return errnos.Length == 0 ? 0 : errnos[Math.Min(_next++, errnos.Length - 1)];
        }
    }
}
