using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Unix.Tests;

public sealed class MemoryFileTests
{
    [Fact]
    public void CreateSealed_Contents_ReadBackWhole()
    {
        using var fd = MemoryFile.CreateSealed("blob", "0123456789"u8);
        using var file = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);

        Assert.Equal(10, RandomAccess.GetLength(file));
        var buffer = new byte[10];
        Assert.Equal(10, RandomAccess.Read(file, buffer, 0));
        Assert.Equal("0123456789"u8.ToArray(), buffer);
    }

    [Fact]
    public void CreateSealed_WriteAfterwards_IsRefused()
    {
        using var fd = MemoryFile.CreateSealed("blob", "abc"u8);
        using var file = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false);

        // F_SEAL_WRITE: the kernel answers EPERM, which .NET reports as an access failure
        Assert.Throws<UnauthorizedAccessException>(() => RandomAccess.Write(file, "x"u8, 0));
        var buffer = new byte[3];
        RandomAccess.Read(file, buffer, 0);
        Assert.Equal("abc"u8.ToArray(), buffer);
    }

    [Fact]
    public void DetachDescriptor_ThenDispose_LeavesDescriptorOpen()
    {
        var fd = MemoryFile.CreateSealed("blob", "abc"u8);
        var raw = fd.DetachDescriptor();
        fd.Dispose();

        using var file = new SafeFileHandle(raw, ownsHandle: true);
        Assert.Equal(3, RandomAccess.GetLength(file));
    }
}
