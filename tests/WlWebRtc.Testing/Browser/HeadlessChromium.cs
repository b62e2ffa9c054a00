using Microsoft.Playwright;

namespace WlWebRtc.Testing.Browser;

/// <summary>
/// Debian's headless Chromium driven by Playwright (no browser download: <c>/usr/bin/chromium</c>), with
/// the flags WebRTC tests need on a machine without display or network: loopback ICE candidates, fake
/// camera/microphone (gathering needs the permission), autoplay, and a fresh profile per launch.
/// Dispose it to close the browser and delete the profile.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian installs Chromium.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>The command-line flags every launch uses.</summary>
    public static readonly IReadOnlyList<string> Flags =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
        "--allow-loopback-in-peer-connection",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
    ];

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _userDataDir;
    private int _disposed;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string userDataDir)
    {
        _playwright = playwright;
        _context = context;
        _userDataDir = userDataDir;
    }

    /// <summary>The browser context (one profile).</summary>
    public IBrowserContext Context => _context;

    /// <summary>Console lines of every page, for failure messages.</summary>
    public IReadOnlyList<string> ConsoleLines => _console.ToArray();

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _console = new();

    /// <summary>
    /// Launches Chromium. Throws <see cref="InvalidOperationException"/> with a clear message if the
    /// executable is missing (tests must fail, not skip, when a real component is absent).
    /// </summary>
    public static async Task<HeadlessChromium> LaunchAsync(string executablePath = DefaultExecutablePath, IEnumerable<string>? extraFlags = null)
    {
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {executablePath} (Debian package 'chromium', see scripts/install-deps.sh).");
        }

        var userDataDir = Path.Combine(Path.GetTempPath(), "wlwebrtc-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(userDataDir);
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(userDataDir, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                Args = [.. Flags, .. extraFlags ?? []],
                Permissions = ["camera", "microphone"],
                Timeout = 60_000,
            }).ConfigureAwait(false);
            var browser = new HeadlessChromium(playwright, context, userDataDir);
            context.Console += (_, message) => browser._console.Enqueue($"[{message.Type}] {message.Text}");
            return browser;
        }
        catch
        {
            playwright.Dispose();
            TryDelete(userDataDir);
            throw;
        }
    }

    /// <summary>The origin test pages are served from: localhost is a secure context, which getUserMedia needs.</summary>
    public const string PageOrigin = "http://localhost";

    /// <summary>
    /// Opens a page showing <paramref name="html"/>, served by Playwright's request interception at
    /// <see cref="PageOrigin"/>/ (no HTTP server needed), or a blank page when null.
    /// </summary>
    public async Task<IPage> NewPageAsync(string? html = null)
    {
        var page = await _context.NewPageAsync().ConfigureAwait(false);
        if (html is not null)
        {
            await page.RouteAsync(PageOrigin + "/**", route => route.Request.Url.EndsWith("/favicon.ico", StringComparison.Ordinal)
                ? route.FulfillAsync(new RouteFulfillOptions { Status = 404 })
                : route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html", Body = html })).ConfigureAwait(false);
            await page.GotoAsync(PageOrigin + "/index.html").ConfigureAwait(false);
        }

        return page;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _context.CloseAsync().ConfigureAwait(false);
        }
        catch (PlaywrightException)
        {
            // the browser may already be gone
        }

        _playwright.Dispose();
        TryDelete(_userDataDir);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the directory is in /tmp
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
