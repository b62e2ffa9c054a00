using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// A memfd standing in for a dma-buf: this machine has no GPU, /dev/udmabuf or /dev/dma_heap, so no real dma-buf
/// can be made. Both are files that mmap and answer lseek(SEEK_END) with their size.
/// </summary>
internal sealed partial class Memfd : IDisposable
{
    private Memfd(int fd, string name)
    {
        Fd = fd;
        Name = name;
    }

    public int Fd { get; }

    /// <summary>Unique: /proc/self/maps shows a mapping of it as "/memfd:NAME (deleted)".</summary>
    public string Name { get; }

    public static Memfd Create(byte[] contents)
    {
        var name = "wlwebrtc-test-" + Guid.NewGuid().ToString("N");
        var fd = MemfdCreate(name, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"memfd_create failed: errno {Marshal.GetLastPInvokeError()}");
        }

        using (var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.ReadWrite))
        {
            stream.Write(contents);
        }

        return new Memfd(fd, name);
    }

    /// <summary>How many mappings of this memfd the process has (from /proc/self/maps).</summary>
    public int MappingCount() => File.ReadAllLines("/proc/self/maps").Count(line => line.Contains("/memfd:" + Name, StringComparison.Ordinal));

    public void Dispose() => _ = Close(Fd);

    public static unsafe (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        return PipeCreate(fds) == 0 ? (fds[0], fds[1]) : throw new InvalidOperationException($"pipe failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void CloseFd(int fd) => _ = Close(fd);

    [LibraryImport("libc", EntryPoint = "pipe", SetLastError = true)]
    private static unsafe partial int PipeCreate(int* fds);

    [LibraryImport("libc", EntryPoint = "memfd_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
