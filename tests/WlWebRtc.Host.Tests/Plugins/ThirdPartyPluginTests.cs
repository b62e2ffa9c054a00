using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Tests.Support;
using WlWebRtc.Media;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Tests.Plugins;

/// <summary>
/// Packs the contracts into a local feed (as version 1.0.0, and as a future 2.0.0), then builds a sample
/// plugin outside the repository against each package — the way a third party would — once per test class.
/// </summary>
public sealed class ThirdPartyPluginFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _work = new("wlwebrtc-thirdparty-");

    public string PluginsV1 => _work.Combine("plugins-v1");

    public string PluginsV2 => _work.Combine("plugins-v2");

    public async Task InitializeAsync()
    {
        // A copy of the contracts with the repository's build settings, so the packs do not touch the repo's outputs.
        var contracts = _work.Combine("contracts");
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            Directory.CreateDirectory(contracts);
            File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(contracts, file));
        }

        _work.CopyIn(Path.Combine(RepoPaths.Root, "abstractions"), Path.Combine("contracts", "abstractions"));
        foreach (var leftover in new[] { "bin", "obj" }.Select(d => _work.Combine("contracts", "abstractions", d)).Where(Directory.Exists))
        {
            Directory.Delete(leftover, recursive: true);
        }

        var feed = _work.Combine("feed");
        await DotnetCli.RunAsync(contracts, "pack", "abstractions", "-c", "Release", "-o", feed, "-p:VersionPrefix=1.0.0", "-nodeReuse:false");
        await DotnetCli.RunAsync(contracts, "pack", "abstractions", "-c", "Release", "-o", feed, "-p:VersionPrefix=2.0.0", "-p:AssemblyVersion=2.0.0.0", "-nodeReuse:false");

        await BuildSampleAsync("1.0.0", Path.Combine(PluginsV1, "SamplePlugin"), feed);
        await BuildSampleAsync("2.0.0", Path.Combine(PluginsV2, "SamplePlugin"), feed);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _work.Dispose();

    private async Task BuildSampleAsync(string contractsVersion, string output, string feed)
    {
        // Outside the repository: no Directory.Build.props or central package versions apply.
        var source = _work.CopyIn(Path.Combine(RepoPaths.Root, "tests", "assets", "SamplePlugin"), "sample-" + contractsVersion);
        await File.WriteAllTextAsync(Path.Combine(source, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
            </configuration>
            """);
        await DotnetCli.RunAsync(source, "build", "-c", "Release", "-o", output, $"-p:ContractsVersion={contractsVersion}",
            $"-p:RestorePackagesPath={_work.Combine("packages")}", "-nodeReuse:false");
    }
}

public sealed class ThirdPartyPluginTests(ThirdPartyPluginFixture sample) : IClassFixture<ThirdPartyPluginFixture>
{
    private readonly PluginLoader _loader = new(NullLogger<PluginLoader>.Instance);

    [Fact]
    public async Task SamplePluginBuiltAgainstThePackage_IsListedAndUsed()
    {
        Assert.False(File.Exists(Path.Combine(sample.PluginsV1, "SamplePlugin", "WlWebRtc.Abstractions.dll")), "a plugin must not carry the contracts");
        var entry = Assert.Single(_loader.LoadAll([sample.PluginsV1]));
        Assert.Equal(PluginStatus.Loaded, entry.Status);
        Assert.Equal("sample", entry.Name);
        var context = new PluginContext(new ConfigurationBuilder().Build(), new ConfigurationBuilder().Build(), HardwareInventory.Empty, NullLoggerFactory.Instance);

        var probe = await entry.Plugin!.ProbeAsync(context, CancellationToken.None);
        var plugin = Assert.IsAssignableFrom<ICapturePlugin>(entry.Plugin);
        await using var source = await plugin.CreateSourceAsync(new CaptureRequest(new EncoderInputCapabilities([PixelFormat.Bgrx], FrameMemoryKinds.Cpu), 30), context, CancellationToken.None);
        var sink = new FirstFrameSink();
        await source.StartAsync(sink, CancellationToken.None);

        Assert.True(probe.IsAvailable);
        Assert.Equal("sample plugin ready", probe.Reason);
        Assert.NotNull(sink.Pixel);
        Assert.Equal(((byte)255, (byte)0, (byte)255), sink.Pixel.Value);
    }

    [Fact]
    public void SamplePluginBuiltAgainstANewerMajor_IsRefusedWithReason()
    {
        var entry = Assert.Single(_loader.LoadAll([sample.PluginsV2]));

        Assert.Equal(PluginStatus.Failed, entry.Status);
        Assert.Equal("built against WlWebRtc.Abstractions 2.0, a newer major version than this host provides (1.0); update wlwebrtc", entry.Reason);
    }

    private sealed class FirstFrameSink : IVideoFrameSink
    {
        public (byte R, byte G, byte B)? Pixel { get; private set; }

        public void OnFrame(VideoFrame frame)
        {
            var bytes = frame.GetBytes();
            Pixel ??= (bytes[2], bytes[1], bytes[0]);
            frame.Dispose();
        }

        public void OnStopped(Exception? failure)
        {
        }
    }
}
