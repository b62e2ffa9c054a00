using WlWebRtc.Session.Sway;

namespace WlWebRtc.Session.Tests;

/// <summary>The xdpw shim is built with the project (WlWebRtc.Session.csproj's CompileXdpwShim) and copied beside every executable that references it.</summary>
public sealed class XdpwShimTests
{
    [Fact]
    public void Prebuilt_BesideTheTestAssembly_IsASharedLibrary()
    {
        var library = XdpwShim.Prebuilt(AppContext.BaseDirectory);

        Assert.NotNull(library);
        var header = File.ReadAllBytes(library).AsSpan(0, 4).ToArray();
        Assert.Equal(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, header);
    }

    [Fact]
    public void Source_IsEmbeddedForTheFallbackBuild()
    {
        var source = System.Text.Encoding.UTF8.GetString(XdpwShim.Source());

        Assert.Contains("wl_proxy_add_listener", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureBuiltAsync_NoPrebuiltLibrary_CompilesTheEmbeddedSource()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wlwebrtc-shim-" + Guid.NewGuid().ToString("N"));
        try
        {
            var library = await XdpwShim.EnsureBuiltAsync(directory, CancellationToken.None);

            Assert.True(new FileInfo(library).Length > 0);
            Assert.Equal(library, await XdpwShim.EnsureBuiltAsync(directory, CancellationToken.None));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
