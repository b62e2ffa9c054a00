using System.Diagnostics;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>
/// A real dbus-daemon on a socket in a scratch directory, with no activatable services (so nothing, not even
/// xdg-desktop-portal, can be started on it by a call). Fails with a clear message when dbus-daemon is missing.
/// </summary>
internal sealed class PrivateBus : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly Process _daemon;

    public PrivateBus()
    {
        var socket = _tree.PathOf("bus");
        var config = _tree.File("bus.conf", $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>session</type>
              <listen>unix:path={socket}</listen>
              <auth>EXTERNAL</auth>
              <servicedir>{_tree.Dir("services")}</servicedir>
              <policy context="default">
                <allow send_destination="*" eavesdrop="true"/>
                <allow eavesdrop="true"/>
                <allow own="*"/>
              </policy>
            </busconfig>
            """);
        const string program = "/usr/bin/dbus-daemon";
        Assert.True(File.Exists(program), $"{program} is missing: install the Debian package 'dbus' (scripts/install-deps.sh).");
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true };
        start.ArgumentList.Add($"--config-file={config}");
        start.ArgumentList.Add("--nofork");
        start.ArgumentList.Add("--nopidfile");
        start.ArgumentList.Add("--print-address=1");
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        // It prints its address once it listens.
        var address = _daemon.StandardOutput.ReadLine();
        Assert.False(string.IsNullOrEmpty(address), "dbus-daemon printed no address");
        Address = $"unix:path={socket}";
    }

    public string Address { get; }

    public void Dispose()
    {
        if (!_daemon.HasExited)
        {
            _daemon.Kill();
            _daemon.WaitForExit(5000);
        }

        _daemon.Dispose();
        _tree.Dispose();
    }
}
