using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Tests.Support;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Tests.Plugins;

/// <summary>The loader and prober against real plugin assemblies built from tests/assets.</summary>
public sealed class PluginLoaderTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly PluginLoader _loader = new(NullLogger<PluginLoader>.Instance);

    public void Dispose() => _root.Dispose();

    [Fact]
    public void LoadFolder_ThrowingConstructor_RefusedWithReasonOthersLoaded()
    {
        var folder = _root.CopyIn(RepoPaths.AssetOutput("WlWebRtc.TestPlugins.Behaviours"), "WlWebRtc.TestPlugins.Behaviours");

        var entries = _loader.LoadFolder(folder);

        var refused = Assert.Single(entries, e => e.Status == PluginStatus.Failed);
        Assert.Contains("the constructor exploded", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(["crashing-probe", "good", "hanging-probe", "throwing-probe"], entries.Where(e => e.Status == PluginStatus.Loaded).Select(e => e.Name).Order());
    }

    [Fact]
    public async Task ProbeAll_ThrowingAndHangingProbes_FailedWithReasonsWhileTheGoodOneIsAvailable()
    {
        var folder = _root.CopyIn(RepoPaths.AssetOutput("WlWebRtc.TestPlugins.Behaviours"), "WlWebRtc.TestPlugins.Behaviours");
        var entries = _loader.LoadFolder(folder).Where(e => e.Name != "crashing-probe").ToArray();

        // A generous bound: the hanging probe's own limit is 1 s; this only guards against a real hang.
        var probed = await Prober(child: null).ProbeAllAsync(entries, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(PluginStatus.Available, probed.Single(e => e.Name == "good").Status);
        var throwing = probed.Single(e => e.Name == "throwing-probe");
        Assert.Equal(PluginStatus.Failed, throwing.Status);
        Assert.Equal("probe threw InvalidOperationException: the probe exploded", throwing.Reason);
        var hanging = probed.Single(e => e.Name == "hanging-probe");
        Assert.Equal(PluginStatus.Failed, hanging.Status);
        Assert.Equal("probe did not finish within 1 s", hanging.Reason);
    }

    [Fact]
    public async Task ProbeAsync_ChildProcessProbeCrashes_FailedAndTheHostLives()
    {
        var roots = _root.Combine("plugins");
        _root.CopyIn(RepoPaths.AssetOutput("WlWebRtc.TestPlugins.Behaviours"), Path.Combine("plugins", "WlWebRtc.TestPlugins.Behaviours"));
        var config = _root.Combine("config.toml");
        await File.WriteAllTextAsync(config, $"[plugins]\npaths = [\"{roots}\"]\n");
        var entry = _loader.LoadFolder(Path.Combine(roots, "WlWebRtc.TestPlugins.Behaviours")).Single(e => e.Name == "crashing-probe");

        var probed = await Prober(new ChildProcessProbe(HostCommandLine.Beside(RepoPaths.HostOutput), config)).ProbeAsync(entry, CancellationToken.None);

        Assert.Equal(PluginStatus.Failed, probed.Status);
        Assert.StartsWith("probe process ", probed.Reason, StringComparison.Ordinal);
        Assert.Contains("without a result", probed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAll_TwoPluginsWithDifferentNewtonsoftVersions_BothRunTheirOwn()
    {
        var entries = _loader.LoadAll([CopyAssets("WlWebRtc.TestPlugins.Json12", "WlWebRtc.TestPlugins.Json13")]);

        var probed = await Prober(child: null).ProbeAllAsync(entries, CancellationToken.None);

        var json12 = probed.Single(e => e.Name == "json12");
        var json13 = probed.Single(e => e.Name == "json13");
        Assert.Equal(PluginStatus.Available, json12.Status);
        Assert.Equal(PluginStatus.Available, json13.Status);
        Assert.Equal("Newtonsoft.Json 12.0.0.0 wrote {\"answer\":12}", json12.Reason);
        Assert.Equal("Newtonsoft.Json 13.0.0.0 wrote {\"answer\":13}", json13.Reason);
    }

    [Fact]
    public void LoadAll_FolderWithoutPlugin_RefusedWithReason()
    {
        Directory.CreateDirectory(_root.Combine("plugins", "Empty"));
        File.WriteAllText(_root.Combine("plugins", "Empty", "readme.txt"), "nothing here");

        var entry = Assert.Single(_loader.LoadAll([_root.Combine("plugins")]));

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.Equal("no plugin in this folder: expected Empty.dll (a plugin folder is named after its assembly)", entry.Reason);
    }

    [Fact]
    public void LoadAll_DllThatIsNotAnAssembly_RefusedWithReason()
    {
        Directory.CreateDirectory(_root.Combine("plugins", "Broken"));
        File.WriteAllBytes(_root.Combine("plugins", "Broken", "Broken.dll"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3]);

        var entry = Assert.Single(_loader.LoadAll([_root.Combine("plugins")]));

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.StartsWith("could not be loaded: ", entry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_SamePluginInTwoRoots_SecondRefusedAsDuplicate()
    {
        var first = CopyAssets("WlWebRtc.TestPlugins.Json13");
        var second = _root.Combine("second");
        _root.CopyIn(RepoPaths.AssetOutput("WlWebRtc.TestPlugins.Json13"), Path.Combine("second", "WlWebRtc.TestPlugins.Json13"));

        var entries = _loader.LoadAll([first, second]);

        Assert.Equal(PluginStatus.Loaded, entries[0].Status);
        Assert.Equal(PluginStatus.Failed, entries[1].Status);
        Assert.StartsWith("duplicate Capture plugin 'json13': already loaded from ", entries[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadAll_MissingRoot_IsSkipped()
    {
        Assert.Empty(_loader.LoadAll([_root.Combine("does-not-exist")]));
    }

    private string CopyAssets(params string[] names)
    {
        foreach (var name in names)
        {
            _root.CopyIn(RepoPaths.AssetOutput(name), Path.Combine("plugins", name));
        }

        return _root.Combine("plugins");
    }

    private static PluginProber Prober(ChildProcessProbe? child) => new(
        _ => new PluginContext(new ConfigurationBuilder().Build(), new ConfigurationBuilder().Build(), HardwareInventory.Empty, NullLoggerFactory.Instance),
        child,
        TimeSpan.FromSeconds(20),
        NullLogger<PluginProber>.Instance);
}
