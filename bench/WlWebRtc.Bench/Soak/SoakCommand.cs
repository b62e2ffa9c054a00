using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Bench.Soak;

/// <summary>
/// <c>wlwebrtc-bench soak [--cycles N]</c> (issue 11): viewer join/leave cycles against the real server while another
/// viewer plays, in turn a WHEP viewer that plays and leaves, a WebSocket viewer that plays and leaves, a WHEP session
/// left or deleted mid-handshake, and a WebSocket that offers and vanishes. Reports the server's RSS, threads, fds and
/// UDP sockets after warm-up and at the end, and the playing viewer's longest gap between decoded frames.
/// The soak and its limits are the Hostile tests' SoakTests, which CI runs with 100 cycles; this runs the same test
/// with more (HOSTILE_SOAK_CYCLES), so a long soak asserts exactly what CI asserts.
/// </summary>
internal static class SoakCommand
{
    public static Command Create()
    {
        var cycles = new Option<int>("--cycles") { Description = "Join/leave cycles, at least 20 (about 1 s a cycle)", DefaultValueFactory = _ => 1000 };
        cycles.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 20)
            {
                r.AddError($"--cycles must be at least 20, got {r.GetValueOrDefault<int>()}");
            }
        });
        var command = new Command("soak", "Viewer join/leave cycles against the real server while another viewer plays; fails when its resources grow or the viewer freezes");
        command.Options.Add(cycles);
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(cycles), ct));
        return command;
    }

    private static async Task<int> RunAsync(int cycles, CancellationToken cancellationToken)
    {
        var project = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "WlWebRtc.Hostile.Tests");
        var build = await DotnetAsync(["build", project, "-c", "Release"], cycles, cancellationToken);
        if (build != 0)
        {
            return build;
        }

        return await DotnetAsync(
            ["test", project, "-c", "Release", "--no-build", "--filter", "FullyQualifiedName~SoakTests", "--logger", "console;verbosity=detailed"],
            cycles,
            cancellationToken);
    }

    private static async Task<int> DotnetAsync(IEnumerable<string> arguments, int cycles, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOSTILE_SOAK_CYCLES"] = cycles.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }
}
