using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Host.Hardware;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class DetectionGuardTests
{
    private static DetectionGuard Guard(TimeSpan limit) => new(limit, NullLogger.Instance);

    [Fact]
    public async Task RunAsync_DetectorThrows_AbsentWithExceptionTypeAndMessage()
    {
        var result = await Guard(TimeSpan.FromSeconds(5)).RunBlockingAsync<string>(
            "test", _ => throw new InvalidDataException("bad sysfs"), reason => "absent: " + reason, CancellationToken.None);

        Assert.Equal("absent: detection failed: InvalidDataException: bad sysfs", result);
    }

    [Fact]
    public async Task RunAsync_DetectorIgnoresTokenAndHangs_AbsentSayingTimedOut()
    {
        using var release = new ManualResetEventSlim();
        try
        {
            var result = await Guard(TimeSpan.FromMilliseconds(50)).RunBlockingAsync(
                "test", _ => { release.Wait(CancellationToken.None); return "found"; }, reason => "absent: " + reason, CancellationToken.None);

            Assert.Equal("absent: timed out after 0.05 s", result);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task RunAsync_AsyncDetectorHonoursToken_AbsentSayingTimedOut()
    {
        var result = await Guard(TimeSpan.FromMilliseconds(50)).RunAsync(
            "test", async token => { await Task.Delay(Timeout.Infinite, token); return "found"; }, reason => "absent: " + reason, CancellationToken.None);

        Assert.Equal("absent: timed out after 0.05 s", result);
    }

    [Fact]
    public async Task RunAsync_DetectorSucceeds_ItsResult()
    {
        var result = await Guard(TimeSpan.FromSeconds(5)).RunBlockingAsync("test", _ => "found", reason => "absent: " + reason, CancellationToken.None);

        Assert.Equal("found", result);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_OperationCanceledException()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Guard(TimeSpan.FromSeconds(5)).RunAsync(
            "test", async token => { await Task.Delay(Timeout.Infinite, token); return "found"; }, reason => reason, cancel.Token));
    }
}
