using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Testing;
using WlWebRtc.Transport.WebRtc.AddressWatch;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.AddressWatch;

/// <summary>The real rtnetlink socket, in a private network namespace (nothing here touches the host's interfaces).</summary>
public sealed class NetlinkAddressSourceTests
{
    [Fact]
    public async Task TryOpen_AddressAddedAndRemovedInTheNamespace_KernelNotificationsParsed()
    {
        using var ns = await NetworkNamespace.CreateAsync();
        var events = new ConcurrentQueue<NetlinkEvent>();
        var failed = false;
        using var source = await ns.RunAsync(() => NetlinkAddressSource.TryOpen(e => { foreach (var x in e) { events.Enqueue(x); } }, () => failed = true, NullLogger.Instance, out var error)
            ?? throw new InvalidOperationException("netlink unavailable: " + error));

        await ns.RunAsync(() => Ip("addr add 192.0.2.77/24 dev lo"));
        await Poll.UntilAsync(() => events.Any(e => e.Kind == NetlinkEventKind.AddressAdded && IPAddress.Parse("192.0.2.77").Equals(e.Address)), "no RTM_NEWADDR for 192.0.2.77", TimeSpan.FromSeconds(20));
        await ns.RunAsync(() => Ip("addr del 192.0.2.77/24 dev lo"));
        await Poll.UntilAsync(() => events.Any(e => e.Kind == NetlinkEventKind.AddressRemoved && IPAddress.Parse("192.0.2.77").Equals(e.Address)), "no RTM_DELADDR for 192.0.2.77", TimeSpan.FromSeconds(20));

        var added = events.First(e => e.Kind == NetlinkEventKind.AddressAdded && IPAddress.Parse("192.0.2.77").Equals(e.Address));
        Assert.Equal(("lo", 24), (added.InterfaceName, added.PrefixLength));
        Assert.False(failed);
    }

    private static void Ip(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ip {arguments}: {stderr}");
    }
}
