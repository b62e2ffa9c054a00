using System.IO.Pipes;
using WlWebRtc.Unix.Pipes;

namespace WlWebRtc.Unix.Tests;

public sealed class PipeTransferTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadAtMostAsync_WriterClosesAfterTheContent_ReturnsIt()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var readEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        var content = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        using (var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle))
        {
            var reading = PipeTransfer.ReadAtMostAsync(readEnd, content.Length, Patience, CancellationToken.None);
            await writer.WriteAsync(content);
            pipe.DisposeLocalCopyOfClientHandle();
            writer.Dispose();
            Assert.Equal(content, await reading);
        }
    }

    [Fact]
    public async Task ReadAtMostAsync_OneByteOverTheLimit_ReturnsNull()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var readEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);

        // the writer keeps its end open: the read stops at the limit, not at end of file
        await writer.WriteAsync(new byte[1001]);

        Assert.Null(await PipeTransfer.ReadAtMostAsync(readEnd, 1000, Patience, CancellationToken.None));
    }

    [Fact]
    public async Task ReadAtMostAsync_WriterNeverCloses_TimesOut()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var readEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        await writer.WriteAsync("partial"u8.ToArray());

        await Assert.ThrowsAsync<TimeoutException>(() => PipeTransfer.ReadAtMostAsync(readEnd, 1000, TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    [Fact]
    public async Task ReadAtMostAsync_Cancelled_StopsWaiting()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var readEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        using var cancel = new CancellationTokenSource();

        var reading = PipeTransfer.ReadAtMostAsync(readEnd, 1000, Patience, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task WriteAllAsync_ReaderReadsEverything_SameBytesArrive()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var writeEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();

        var writing = PipeTransfer.WriteAllAsync(writeEnd, content, Patience, CancellationToken.None);
        var received = new byte[content.Length];
        await reader.ReadExactlyAsync(received);
        await writing;

        Assert.Equal(content, received);
    }

    [Fact]
    public async Task WriteAllAsync_ReaderNeverReads_TimesOut()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var writeEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle);

        // more than a pipe holds (64 KiB by default)
        await Assert.ThrowsAsync<TimeoutException>(() => PipeTransfer.WriteAllAsync(writeEnd, new byte[1 << 20], TimeSpan.FromMilliseconds(200), CancellationToken.None));
    }

    [Fact]
    public async Task WriteAllAsync_ReaderClosed_FailsWithEpipe()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var writeEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        pipe.DisposeLocalCopyOfClientHandle();

        var failure = await Assert.ThrowsAsync<UnixException>(() => PipeTransfer.WriteAllAsync(writeEnd, new byte[10], Patience, CancellationToken.None));
        Assert.Equal("write", failure.Call);
    }

    [Fact]
    public async Task ReadAtMostAsync_WriterClosedAfterMoreThanTheLimit_ReturnsNull()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var readEnd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        using (var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle))
        {
            await writer.WriteAsync(new byte[28]);
        }

        pipe.DisposeLocalCopyOfClientHandle();

        Assert.Null(await PipeTransfer.ReadAtMostAsync(readEnd, 10, Patience, CancellationToken.None));
    }
}
