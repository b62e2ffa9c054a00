using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Signaling.WebSocket.Viewer;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.Viewer;

/// <summary>
/// The viewer is a set of ES modules: the page loads one with <c>&lt;script type="module"&gt;</c> and it imports the
/// rest. A module the server does not serve, or serves with another type, breaks the page without a server error
/// (browsers refuse module scripts that are not JavaScript), so the import graph is followed over HTTP here.
/// </summary>
public sealed partial class ViewerModuleServingTests : IAsyncLifetime
{
    private LoopbackKestrel? _server;

    public async Task InitializeAsync()
    {
        var plugin = new WebSocketSignalingPlugin();
        var settings = new ConfigurationBuilder().Build();
        var context = new PluginContext(settings, settings, Hardware.HardwareInventory.Empty, NullLoggerFactory.Instance);
        _server = await LoopbackKestrel.StartAsync(endpoints => plugin.MapEndpoints(endpoints, Substitute.For<IViewerGateway>(), context));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Get_EveryModuleThePageImports_ServedAsJavaScriptWithThePageHeaders()
    {
        using var http = new HttpClient();
        var page = await http.GetAsync(_server!.Address);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var pageCsp = page.Headers.GetValues("Content-Security-Policy").Single();
        var entries = ModuleScripts().Matches(await page.Content.ReadAsStringAsync()).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(entries);

        var served = await FollowImportsAsync(http, entries, (path, response) =>
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/javascript", $"{path}: {response.Content.Headers.ContentType}");
            Assert.Equal(pageCsp, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.NotNull(response.Headers.ETag);
        });

        Assert.Contains("/viewer.js", served);
        Assert.True(served.Count > 1, $"the page imports no modules: {string.Join(", ", served)}");
    }

    [Fact]
    public async Task ImportGraph_FromThePage_ReachesEveryEmbeddedModule()
    {
        // Also proves the import parsing above finds the imports: every embedded script must be reached.
        using var http = new HttpClient();
        var html = await http.GetStringAsync(_server!.Address);
        var entries = ModuleScripts().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        var served = await FollowImportsAsync(http, entries, (_, _) => { });
        var embedded = ViewerFiles.Load("/ws").Keys.Where(p => p.EndsWith(".js", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(embedded, served.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_Page_LoadsNoClassicScripts()
    {
        using var http = new HttpClient();
        var html = await http.GetStringAsync(_server!.Address);
        var scripts = AnyScript().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains("type=\"module\"", tag, StringComparison.Ordinal));
    }

    /// <summary>Fetches every module reachable from <paramref name="entries"/>, checking each response; returns their paths.</summary>
    private async Task<HashSet<string>> FollowImportsAsync(HttpClient http, IEnumerable<string> entries, Action<string, HttpResponseMessage> check)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Uri>(entries.Select(e => new Uri(_server!.Address, e)));
        while (pending.Count > 0)
        {
            var url = pending.Dequeue();
            if (!seen.Add(url.AbsolutePath))
            {
                continue;
            }

            using var response = await http.GetAsync(url);
            check(url.AbsolutePath, response);
            var source = await response.Content.ReadAsStringAsync();
            foreach (Match import in StaticImports().Matches(source))
            {
                pending.Enqueue(new Uri(url, import.Groups["from"].Value));
            }
        }

        return seen;
    }

    [GeneratedRegex("""<script\b[^>]*\btype="module"[^>]*\bsrc="(?<src>[^"]+)"[^>]*>""")]
    private static partial Regex ModuleScripts();

    [GeneratedRegex("""<script\b[^>]*>""")]
    private static partial Regex AnyScript();

    // import x from '…', import { a, b } from '…' (over several lines), import '…', export … from '…'.
    [GeneratedRegex("""^\s*(?:import|export)\b(?:[^'";]*?\bfrom)?\s*['"](?<from>[^'"]+)['"]""", RegexOptions.Multiline)]
    private static partial Regex StaticImports();
}
