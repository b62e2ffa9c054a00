using System.Diagnostics;
using System.Globalization;

namespace WlWebRtc.Capture.Tests.Native;

/// <summary>
/// Facts from the PipeWire/SPA headers: spa_facts.c is compiled with gcc against /usr/include/pipewire-0.3 and
/// /usr/include/spa-0.2 and prints sizes, offsets, constants and reference pods built by SPA's own builder.
/// </summary>
internal static class SpaFacts
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Facts = new(Load);

    public static long Value(string name) => long.Parse(Get(name), CultureInfo.InvariantCulture);

    public static byte[] Pod(string name) => Convert.FromHexString(Get("pod." + name));

    public static string Get(string name) =>
        Facts.Value.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"spa_facts.c prints no '{name}'.");

    private static Dictionary<string, string> Load()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "spa_facts.c");
        var binary = Path.Combine(Path.GetTempPath(), $"wlwebrtc-spa-facts-{Environment.ProcessId}");
        Run("gcc", ["-O0", "-w", "-o", binary, source, "-I/usr/include/pipewire-0.3", "-I/usr/include/spa-0.2", "-D_REENTRANT"],
            "compiling spa_facts.c needs gcc and the Debian packages libpipewire-0.3-dev libspa-0.2-dev");
        try
        {
            var output = Run(binary, [], "running spa_facts");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        }
        finally
        {
            File.Delete(binary);
        }
    }

    private static string Run(string program, string[] arguments, string what)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what}: could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {error}");
    }
}
