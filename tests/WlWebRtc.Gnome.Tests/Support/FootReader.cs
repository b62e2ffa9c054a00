using WlWebRtc.Input;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>foot running <c>cat</c> on a raw terminal into a file: what a client received from the keyboard, byte for byte.</summary>
internal sealed class FootReader : IDisposable
{
    private readonly DesktopProcess _terminal;

    private FootReader(string output, DesktopProcess terminal)
    {
        Output = output;
        _terminal = terminal;
    }

    public string Output { get; }

    public static FootReader Start(HeadlessSession session, string name)
    {
        var output = Path.Combine(session.RunDirectory, name + "-" + Guid.NewGuid().ToString("N"));
        return new FootReader(output, session.StartProcess("foot-" + name, "foot", "sh", "-c", $"stty raw -echo; exec cat > '{output}'"));
    }

    /// <summary>What foot's cat wrote so far.</summary>
    public string Read()
    {
        try
        {
            return File.Exists(Output) ? File.ReadAllText(Output) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Types k (evdev 37) until foot (mapped, focused) gets one: the steps after it run on a ready terminal.</summary>
    public Task FirstKeyArrivesAsync(IKeyboardTextInjector text) =>
        GnomePlugins.WaitUntilAsync(
            () =>
            {
                Press(text, 37, "k");
                Thread.Sleep(200);
                return Read().Contains('k', StringComparison.Ordinal);
            },
            "the first key in foot",
            () => $"foot running: {_terminal.IsRunning}; log: {_terminal.LogTail(5)}");

    public static void Press(IKeyboardTextInjector text, int key, string produced)
    {
        text.KeyAsync(key, true, produced, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        text.KeyAsync(key, false, produced, CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose() => _terminal.Dispose();
}
