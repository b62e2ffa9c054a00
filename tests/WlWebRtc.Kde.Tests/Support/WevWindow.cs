using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests.Support;

/// <summary>
/// wev (a Wayland client that shows a plain window and prints every input event it gets) on the session: the window
/// whose pixels the capture must show and whose log says where input landed. Its stdout is line-buffered into its log.
/// </summary>
internal sealed class WevWindow : IDisposable
{
    private readonly DesktopProcess _process;

    private WevWindow(DesktopProcess process)
    {
        _process = process;
    }

    public string Log => File.Exists(_process.LogPath) ? File.ReadAllText(_process.LogPath) : "";

    public IEnumerable<string> Lines => Log.Split('\n');

    /// <summary>Starts wev and waits until KWin has shown and focused its window (its keyboard entered the surface).</summary>
    public static async Task<WevWindow> StartAsync(HeadlessKwin session)
    {
        var window = new WevWindow(session.StartProcess("wev", "stdbuf", "-oL", "wev"));
        try
        {
            await KdePlugins.WaitUntilAsync(() => window.Log.Contains("wl_keyboard] enter", StringComparison.Ordinal), "wev's window to be focused", () => window.Tail());
            return window;
        }
        catch
        {
            window.Dispose();
            throw;
        }
    }

    public bool Has(string channel, string text) =>
        Lines.Any(l => l.Contains(channel + "]", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal));

    public string Tail() => string.Join('\n', Lines.TakeLast(25));

    public void Dispose() => _process.Dispose();
}
