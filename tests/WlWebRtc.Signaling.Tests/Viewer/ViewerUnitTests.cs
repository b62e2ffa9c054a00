using System.Diagnostics;
using System.Text.RegularExpressions;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.Viewer;

/// <summary>
/// The viewer's own unit tests (plugins/WlWebRtc.Signaling.WebSocket/Viewer/tests/*.test.mjs, run by <c>node --test</c>)
/// as part of this project's run, so <c>./build.sh test</c> runs them too.
/// </summary>
public sealed partial class ViewerUnitTests
{
    [Fact]
    public async Task NodeTest_ViewerModules_AllPass()
    {
        var node = FindOnPath("node")
            ?? throw new Xunit.Sdk.XunitException("node is not installed (Debian package nodejs): run scripts/install-deps.sh test");
        var viewer = Path.Combine(ServerProcess.RepositoryRoot(), "plugins", "WlWebRtc.Signaling.WebSocket", "Viewer");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = viewer,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--test", "--test-reporter=tap", "tests" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = $"node --test tests (in {viewer}) exited with {process.ExitCode}:\n{await output}\n{await error}";
        Assert.True(process.ExitCode == 0, text);
        var passed = PassCount().Match(await output);
        Assert.True(passed.Success && int.Parse(passed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, "no test ran: " + text);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^# pass (\d+)$", RegexOptions.Multiline)]
    private static partial Regex PassCount();
}
