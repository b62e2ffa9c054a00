using System.Diagnostics;

namespace WlWebRtc.Session.Tests;

/// <summary>
/// The shipped systemd units (packaging/systemd) are valid: systemd-analyze verify accepts them without a warning
/// (with @BINDIR@ filled in as scripts/install-service.sh does), and they say what the README promises.
/// </summary>
public sealed class SystemdUnitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wlwebrtc-units-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("wlwebrtc-headless.service", false)]
    [InlineData("wlwebrtc.service", true)]
    public async Task Unit_RenderedForInstall_PassesSystemdAnalyzeVerify(string unit, bool userUnit)
    {
        var path = Render(unit);
        var runtime = Directory.CreateDirectory(Path.Combine(_directory, "runtime")).FullName;
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string[] arguments = userUnit ? ["--user", "verify", path] : ["verify", path];

        var (exitCode, output) = await RunAsync("systemd-analyze", arguments, runtime);

        Assert.True(exitCode == 0 && output.Length == 0, $"systemd-analyze {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
    }

    [Fact]
    public void HeadlessUnit_RunsHeadlessAsItsOwnUserAndRestartsOnFailure()
    {
        var keys = Keys(File.ReadAllText(Render("wlwebrtc-headless.service")));

        Assert.Equal("wlwebrtc", keys["User"]);
        Assert.Equal("on-failure", keys["Restart"]);
        Assert.Contains("WLWEBRTC_SESSION__MODE=headless", keys["Environment"], StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(_directory, "wlwebrtc") + " start", keys["ExecStart"], StringComparison.Ordinal);
        Assert.Equal("multi-user.target", keys["WantedBy"]);
    }

    [Fact]
    public void UserUnit_AttachesToTheGraphicalSessionAndRestartsOnFailure()
    {
        var keys = Keys(File.ReadAllText(Render("wlwebrtc.service")));

        Assert.False(keys.ContainsKey("User"));
        Assert.Equal("on-failure", keys["Restart"]);
        Assert.Equal("graphical-session.target", keys["WantedBy"]);
        Assert.DoesNotContain("headless", keys.GetValueOrDefault("Environment", ""), StringComparison.Ordinal);
    }

    /// <summary>The unit with @BINDIR@ replaced by this test's folder, which holds an executable named wlwebrtc.</summary>
    private string Render(string unit)
    {
        var source = Path.Combine(WlWebRtc.Testing.Server.ServerProcess.RepositoryRoot(), "packaging", "systemd", unit);
        var executable = Path.Combine(_directory, "wlwebrtc");
        if (!File.Exists(executable))
        {
            File.WriteAllText(executable, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(_directory, unit);
        File.WriteAllText(path, File.ReadAllText(source).Replace("@BINDIR@", _directory, StringComparison.Ordinal));
        return path;
    }

    /// <summary>Key → value of every assignment (a repeated key's values joined by a space).</summary>
    private static Dictionary<string, string> Keys(string unit)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in unit.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not '#' and not ';' and not '['))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..equals];
            var value = line[(equals + 1)..];
            keys[key] = keys.TryGetValue(key, out var before) ? before + " " + value : value;
        }

        return keys;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string runtimeDirectory)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // a user manager needs a runtime dir even to verify
        start.Environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, ((await output) + (await error)).Trim());
    }
}
