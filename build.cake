// wlwebrtc build script (Cake). Run through ./build.sh, which restores the local Cake tool:
//   ./build.sh --target=test        restore, build, run every test
//   ./build.sh --target=test-summary  print the last test run's failures and counts again
//   ./build.sh --target=publish     lay out artifacts/wlwebrtc/ (the executable and plugins/<Name>/)
//   ./build.sh --target=pack        the contracts package artifacts/packages/WlWebRtc.Abstractions.*.nupkg
//   ./build.sh --target=bench       BenchmarkDotNet micro-benchmarks (pass --filter=PATTERN to narrow)
//   ./build.sh --target=bench-e2e   wlwebrtc-bench e2e: the server played in headless Chromium (pass --bench-args="--fps 60 --json")
//   ./build.sh --target=soak        wlwebrtc-bench soak: viewers join and leave while one plays (pass --cycles=N, default 1000)
//   ./build.sh --target=run         publish, then run the server in the foreground
var target = Argument("target", "test");
var configuration = Argument("configuration", "Release");
var filter = Argument("filter", "*");
var testFilter = Argument("test-filter", "");
var benchArgs = Argument("bench-args", "");
var cycles = Argument("cycles", 1000);

var root = MakeAbsolute(Directory("."));
var artifacts = root.Combine("artifacts");
var publishDir = artifacts.Combine("wlwebrtc");
var solution = root.CombineWithFilePath("WlWebRtc.sln");
var msbuild = new DotNetMSBuildSettings().WithProperty("ContinuousIntegrationBuild", "true");

Task("restore").Does(() => DotNetRestore(solution.FullPath));

Task("build").IsDependentOn("restore").Does(() =>
    DotNetBuild(solution.FullPath, new DotNetBuildSettings { Configuration = configuration, NoRestore = true, MSBuildSettings = msbuild }));

Task("test").IsDependentOn("build").Does(() =>
{
    var results = artifacts.Combine("test-results");
    CleanDirectory(results);
    var failed = new List<string>();
    // One project at a time: integration tests start real desktops, browsers and servers, and the machine has 2 cores.
    foreach (var project in GetFiles("./tests/*.Tests/*.Tests.csproj").OrderBy(p => p.FullPath))
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                Filter = string.IsNullOrEmpty(testFilter) ? null : testFilter,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
                ResultsDirectory = results,
                ArgumentCustomization = args => args.Append("--blame-hang-timeout 15m"),
            });
        }
        catch (Exception ex)
        {
            failed.Add($"{name}: {ex.Message}");
        }
    }

    TestSummary.Print(results, msg => Information(msg));
    if (failed.Count > 0)
    {
        throw new Exception("Test projects failed:\n  " + string.Join("\n  ", failed));
    }
});

// Prints the last test run's summary again (failed tests with their messages, then the counts).
Task("test-summary").Does(() => TestSummary.Print(artifacts.Combine("test-results"), msg => Information(msg)));

Task("publish").Does(() =>
{
    CleanDirectory(publishDir);
    DotNetPublish("./host/WlWebRtc.Host.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        OutputDirectory = publishDir,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("LayoutPlugins", "false"),
    });

    // the build compiles the xdg-desktop-portal-wlr shim where gcc exists (libraries/WlWebRtc.Session): a published
    // server must carry it beside the executable, else its first headless sway start needs gcc
    var shim = publishDir.CombineWithFilePath("xdpw-shm-shim.so");
    var gcc = StartProcess("sh", new ProcessSettings { Arguments = "-c \"command -v gcc\"", RedirectStandardOutput = true }) == 0;
    if (gcc && !FileExists(shim))
    {
        throw new Exception($"gcc exists, but the publish directory has no {shim.GetFilename()}: the xdpw shim did not reach it");
    }

    Information(FileExists(shim) ? $"xdpw shim: {shim}" : "xdpw shim: not prebuilt (no gcc); a headless sway session compiles it at its first start");
    foreach (var plugin in GetFiles("./plugins/*/*.csproj"))
    {
        var name = plugin.GetFilenameWithoutExtension().ToString();
        DotNetPublish(plugin.FullPath, new DotNetPublishSettings
        {
            Configuration = configuration,
            OutputDirectory = publishDir.Combine("plugins").Combine(name),
        });
    }

    Information($"Published to {publishDir}: run {publishDir}/wlwebrtc");
});

Task("pack").Does(() =>
    DotNetPack("./abstractions/WlWebRtc.Abstractions.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine("packages"),
    }));

Task("bench").Does(() =>
    DotNetRun("./bench/WlWebRtc.Benchmarks/WlWebRtc.Benchmarks.csproj", new ProcessArgumentBuilder().Append("--filter").AppendQuoted(filter),
        new DotNetRunSettings { Configuration = "Release" }));

// The benchmarks that drive the built server from outside; building the tool builds the server with its plugins.
Task("bench-e2e").Does(() =>
{
    var arguments = new ProcessArgumentBuilder().Append("e2e");
    if (!string.IsNullOrWhiteSpace(benchArgs))
    {
        arguments.Append(benchArgs);
    }

    DotNetRun("./bench/WlWebRtc.Bench/WlWebRtc.Bench.csproj", arguments, new DotNetRunSettings { Configuration = "Release" });
});

Task("soak").Does(() =>
    DotNetRun("./bench/WlWebRtc.Bench/WlWebRtc.Bench.csproj", new ProcessArgumentBuilder().Append("soak").Append("--cycles").Append(cycles.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new DotNetRunSettings { Configuration = "Release" }));

Task("run").IsDependentOn("publish").Does(() =>
{
    var exit = StartProcess(publishDir.CombineWithFilePath("wlwebrtc"), new ProcessSettings { Arguments = Argument("args", "start") });
    if (exit != 0)
    {
        throw new Exception($"wlwebrtc exited with {exit}");
    }
});

RunTarget(target);

/// <summary>
/// Sums the TRX files into the closing lines any CI can read: each failed test with the first lines of its message and
/// stack (a CI log often keeps only its tail), then "N passed, N failed, N skipped" as the very last line.
/// </summary>
public static class TestSummary
{
    private const int MessageLines = 6;

    public static void Print(DirectoryPath results, Action<string> write)
    {
        int passed = 0, failed = 0, skipped = 0;
        var failures = new List<string>();
        foreach (var trx in System.IO.Directory.GetFiles(results.FullPath, "*.trx").OrderBy(f => f))
        {
            var document = System.Xml.Linq.XDocument.Load(trx);
            var counters = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters is null)
            {
                continue;
            }

            passed += (int?)counters.Attribute("passed") ?? 0;
            failed += (int?)counters.Attribute("failed") ?? 0;
            skipped += (int?)counters.Attribute("notExecuted") ?? 0;
            foreach (var result in document.Descendants().Where(e => e.Name.LocalName == "UnitTestResult" && (string?)e.Attribute("outcome") == "Failed"))
            {
                var message = Text(result, "Message");
                var stack = Text(result, "StackTrace");
                var lines = (message + "\n" + stack).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).Take(MessageLines);
                failures.Add($"FAILED {result.Attribute("testName")?.Value} ({result.Attribute("duration")?.Value})\n    " + string.Join("\n    ", lines));
            }
        }

        var line = $"{passed} passed, {failed} failed, {skipped} skipped";
        var text = string.Join("\n", failures.Append(line));
        System.IO.File.WriteAllText(System.IO.Path.Combine(results.FullPath, "summary.txt"), text + "\n");
        write(text);
    }

    private static string Text(System.Xml.Linq.XElement result, string name) =>
        result.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;
}
