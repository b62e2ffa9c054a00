using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Testing;
using WlWebRtc.Transport.WebRtc.AddressWatch;

namespace WlWebRtc.WebRtc.Tests.AddressWatch;

/// <summary>The debounce, the difference and the containment of the address watch, on a manual clock.</summary>
public sealed class LocalAddressWatcherTests
{
    private static readonly IPAddress A = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress B = IPAddress.Parse("198.51.100.1");
    private static readonly IPAddress C = IPAddress.Parse("2001:db8::1");

    [Fact]
    public void Signal_ThreeNotificationsWithinTheDebounce_ReadsOnceAndAppliesTheDifference()
    {
        var time = new ManualTimeProvider();
        IReadOnlyList<IPAddress> machine = [A];
        var reads = 0;
        var applied = new List<LocalAddressChange>();
        using var watcher = new LocalAddressWatcher([A], () => { reads++; return machine; }, c => { applied.Add(c); return []; }, time, NullLogger.Instance);

        machine = [B, C];
        watcher.Signal();
        time.Advance(LocalAddressWatcher.Debounce / 2);
        watcher.Signal();
        time.Advance(LocalAddressWatcher.Debounce / 2);
        watcher.Signal();
        Assert.Equal(0, reads); // still settling
        time.Advance(LocalAddressWatcher.Debounce);

        Assert.Equal(1, reads);
        var change = Assert.Single(applied);
        Assert.Equal([B, C], change.Added);
        Assert.Equal([A], change.Removed);
        Assert.Equal([B, C], change.Current);
        Assert.Equal([B, C], watcher.Current);
    }

    [Fact]
    public void Signal_AddressesUnchanged_NothingApplied()
    {
        var time = new ManualTimeProvider();
        var applied = 0;
        using var watcher = new LocalAddressWatcher([A, B], () => [B, A], _ => { applied++; return []; }, time, NullLogger.Instance);

        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, applied);
    }

    [Fact]
    public void Signal_ReadingThrows_ContainedAndTheNextSignalApplies()
    {
        var time = new ManualTimeProvider();
        var fail = true;
        var applied = new List<LocalAddressChange>();
        using var watcher = new LocalAddressWatcher([A], () => fail ? throw new InvalidOperationException("interface vanished mid-read") : [B], c => { applied.Add(c); return []; }, time, NullLogger.Instance);

        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(applied);

        fail = false;
        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([B], Assert.Single(applied).Added);
    }

    [Fact]
    public void Signal_ApplyThrows_ContainedAndTheWatchGoesOn()
    {
        var time = new ManualTimeProvider();
        IReadOnlyList<IPAddress> machine = [B];
        var calls = 0;
        using var watcher = new LocalAddressWatcher([A], () => machine, _ => ++calls == 1 ? throw new InvalidOperationException("bind exploded") : [], time, NullLogger.Instance);

        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));
        machine = [B, C];
        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, calls);
        Assert.Equal([B, C], watcher.Current);
    }

    [Fact]
    public void Signal_AddressNotUsableYet_TriedAgainAtTheNextChange()
    {
        var time = new ManualTimeProvider();
        var applied = new List<LocalAddressChange>();
        var tentative = true;
        using var watcher = new LocalAddressWatcher([A], () => [A, C], c => { applied.Add(c); return tentative ? [C] : []; }, time, NullLogger.Instance);

        watcher.Signal();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([A], watcher.Current); // C could not be bound (IPv6 duplicate address detection still running)

        tentative = false;
        watcher.Signal(); // the kernel's RTM_NEWADDR when DAD finished
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(2, applied.Count);
        Assert.Equal([C], applied[1].Added);
        Assert.Equal([A, C], watcher.Current);
    }

    [Fact]
    public void StartPolling_NoNotification_ReadsEveryPollInterval()
    {
        var time = new ManualTimeProvider();
        var reads = 0;
        using var watcher = new LocalAddressWatcher([A], () => { reads++; return [A]; }, _ => [], time, NullLogger.Instance);

        watcher.StartPolling();
        time.Advance(LocalAddressWatcher.PollInterval * 3 + LocalAddressWatcher.Debounce);

        Assert.True(watcher.Polling);
        Assert.Equal(3, reads);
    }

    [Fact]
    public void OnNetlinkEvents_AfterDispose_NothingRead()
    {
        var time = new ManualTimeProvider();
        var reads = 0;
        var watcher = new LocalAddressWatcher([A], () => { reads++; return [B]; }, _ => [], time, NullLogger.Instance);
        watcher.Dispose();

        watcher.OnNetlinkEvents([new NetlinkEvent(NetlinkEventKind.AddressAdded, 1, "eth0", B, 24)]);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, reads);
    }
}
