using System.Diagnostics;
using WlWebRtc.DBus;

namespace WlWebRtc.Testing.DBus;

/// <summary>
/// A private dbus-daemon on a socket in a temporary directory, killed on dispose (also when the test fails).
/// Fails with a clear message when dbus-daemon is not installed.
/// </summary>
public sealed class DBusDaemon : IDisposable
{
    private readonly Process _process;

    private DBusDaemon(Process process, string directory, string address)
    {
        _process = process;
        Directory = directory;
        Address = address;
    }

    public string Directory { get; }

    public string Address { get; }

    public string SocketPath => Path.Combine(Directory, "bus");

    /// <param name="listen">The daemon's listen address; {dir} is replaced by the temporary directory.</param>
    public static DBusDaemon Start(string listen = "unix:path={dir}/bus")
    {
        const string daemon = "/usr/bin/dbus-daemon";
        if (!File.Exists(daemon))
        {
            throw new InvalidOperationException("dbus-daemon is not installed (Debian package 'dbus'); the D-Bus integration tests need it.");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("wlwebrtc-dbus-").FullName;
        var config = Path.Combine(directory, "bus.conf");
        File.WriteAllText(config, SessionConfig(listen.Replace("{dir}", directory, StringComparison.Ordinal)));
        var start = new ProcessStartInfo(daemon)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--config-file={config}");
        start.ArgumentList.Add("--nofork");
        start.ArgumentList.Add("--print-address=1");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start.");
        try
        {
            var line = process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(10)) || string.IsNullOrEmpty(line.Result))
            {
                throw new InvalidOperationException("dbus-daemon printed no address within 10 s: " + process.StandardError.ReadToEnd());
            }

            return new DBusDaemon(process, directory, line.Result.Trim());
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>
    /// A session bus configuration that lets every test connection own names and eavesdrop. With a
    /// <paramref name="serviceDirectory"/> (an empty one), nothing is auto-started with a pid the test does not know.
    /// </summary>
    public static string SessionConfig(string listen, string? serviceDirectory = null, bool keepUmask = false) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>{(keepUmask ? "\n  <keep_umask/>" : string.Empty)}
          <listen>{listen}</listen>
          <auth>EXTERNAL</auth>{(serviceDirectory is null ? string.Empty : $"\n  <servicedir>{serviceDirectory}</servicedir>")}
          <policy context="default">
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>

        """;

    public Task<DBusConnection> ConnectAsync(DBusConnectionOptions? options = null) => DBusConnection.ConnectAsync(Address, options);

    public void Dispose()
    {
        Kill(_process);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }
}
