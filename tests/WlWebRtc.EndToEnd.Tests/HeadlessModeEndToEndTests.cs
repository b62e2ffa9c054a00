using System.Globalization;
using System.Text;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 16: <c>session.mode = "headless"</c> from a bare environment (no WAYLAND_DISPLAY, no session bus, no PipeWire):
/// the server starts a desktop of its own (sway, PipeWire, the portals, a foot terminal; or mutter), the built-in viewer in
/// headless Chromium sees it and types a command into its terminal; after its compositor is killed the session and
/// the server come back and the same page (no reload) types into the new terminal; a stop leaves no process behind.
/// In the desktop collection (without using its desktop) only so that it does not run beside the other desktop tests
/// on a 2-core CI machine.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class HeadlessModeEndToEndTests(ITestOutputHelper output)
{
    private const string Token = "e2e-headless-token-0123456789";

    [Fact]
    public Task HeadlessMode_BareEnvironment_ViewerTypesIntoItsTerminalSurvivesACompositorKillAndStopLeavesNothing() =>
        RunAsync("portal", "sway", """
            width = 1280
            height = 720
            """, """
            [capture.portal]
            persist_restore_token = false
            """);

    /// <summary>
    /// The same with <c>session.compositor = "mutter"</c>: mutter --headless without a monitor, the gnome capture's
    /// RecordVirtual monitor sized to the viewer (follow_viewer), input through Mutter's RemoteDesktop; the plugins are
    /// the automatic choice (no portal runs in a mutter session).
    /// </summary>
    [Fact]
    public Task HeadlessMode_MutterCompositor_ViewerTypesIntoItsTerminalSurvivesACompositorKillAndStopLeavesNothing() =>
        RunAsync("auto", "mutter", "", """
            [display]
            follow_viewer = true
            """);

    /// <summary>
    /// <c>session.width</c>/<c>height</c>/<c>max_fps</c> apply to a mutter session: its virtual monitor starts at the
    /// session's size (no viewer size followed here), so the server negotiates that size and the viewer decodes it.
    /// </summary>
    [Fact]
    public async Task HeadlessMode_MutterCompositorWithASize_StreamsFramesOfThatSize()
    {
        var root = Path.Combine(Path.GetTempPath(), "wlwebrtc-hl-" + Guid.NewGuid().ToString("N")[..12]);
        var session = Path.Combine(root, "session");
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var marker = "XDG_RUNTIME_DIR=" + Path.Combine(session, "run", "xdg");
        ServerProcess? server = null;
        try
        {
            server = await ServerProcess.StartAsync(new ServerLaunch("auto", Token, $"""
                [session]
                mode = "headless"
                directory = "{session}"
                compositor = "mutter"
                width = 1024
                height = 600
                max_fps = 20
                """)
            {
                Environment = BareEnvironment,
                LogLevel = "debug",
                StartTimeout = TimeSpan.FromSeconds(150),
            });

            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            // the picture the viewer decodes has the session's shape (the encoder may scale it down on a loaded machine)
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var last = await viewer.VideoStateAsync();
            while (!(last.VideoWidth > 0 && last.VideoWidth * 600 == last.VideoHeight * 1024) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                last = await viewer.VideoStateAsync();
            }

            Assert.True(last.VideoWidth * 600 == last.VideoHeight * 1024 && last.VideoWidth > 0, $"the viewer decodes {last.VideoWidth}x{last.VideoHeight}, not 1024x600 (or that shape scaled down)\nServer:\n{server.Output}");
            Assert.Matches(@"Negotiated \w+ 1024x600 ", server.Output);
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            if (server is not null)
            {
                output.WriteLine(server.Output);
                await server.DisposeAsync();
            }

            foreach (var pid in ProcessesWith(marker))
            {
                KillProcess(pid);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    /// <param name="capture">The capture plugin (<c>--capture</c>).</param>
    /// <param name="compositor"><c>session.compositor</c>, and the name of its process.</param>
    /// <param name="sessionKeys">More keys of the <c>[session]</c> table.</param>
    /// <param name="tables">More tables.</param>
    private async Task RunAsync(string capture, string compositor, string sessionKeys, string tables)
    {
        // lower-case hex only: the paths are typed with unshifted keys
        var root = Path.Combine(Path.GetTempPath(), "wlwebrtc-hl-" + Guid.NewGuid().ToString("N")[..12]);
        var session = Path.Combine(root, "session");
        var scratch = Path.Combine(root, "typed");
        Directory.CreateDirectory(scratch);

        // the desktop runs as another account when the tests run as root: it must reach the session dir and write here
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(scratch, (UnixFileMode)0b111_111_111);
        var marker = "XDG_RUNTIME_DIR=" + Path.Combine(session, "run", "xdg");
        ServerProcess? server = null;
        try
        {
            server = await ServerProcess.StartAsync(new ServerLaunch(capture, Token, $"""
                [session]
                mode = "headless"
                directory = "{session}"
                compositor = "{compositor}"
                restart_delay_seconds = 0.5
                {sessionKeys}

                [capture]
                max_fps = 30

                [encoder]
                keyframe_refresh_seconds = 1

                {tables}
                """)
            {
                Environment = BareEnvironment,
                LogLevel = "debug",
                StartTimeout = TimeSpan.FromSeconds(150),
            });
            var firstCompositor = CompositorProcess(marker, compositor);
            Assert.True(firstCompositor > 0, $"no {compositor} process of the session runs");

            await using (var viewer = await ViewerPage.OpenAsync(server.ViewerUrl))
            {
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
                await TypeUntilWrittenAsync(viewer, Path.Combine(scratch, "first"), server);

                KillProcess(firstCompositor);
                var restarted = await WaitForAsync(() => CompositorProcess(marker, compositor) is var pid && pid > 0 && pid != firstCompositor, TimeSpan.FromSeconds(60));
                Assert.True(restarted, $"{compositor} was not restarted after it was killed.\nServer:\n{server.Output}");

                // the same page, no reload: the viewer reconnects by itself to the restarted server
                await TypeUntilWrittenAsync(viewer, Path.Combine(scratch, "second"), server);
            }

            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
            var left = ProcessesWith(marker);
            Assert.True(left.Count == 0, $"processes of the session left after the stop: {string.Join(", ", left.Select(Describe))}");
        }
        finally
        {
            if (server is not null)
            {
                output.WriteLine(server.Output);
                await server.DisposeAsync();
            }

            foreach (var pid in ProcessesWith(marker))
            {
                KillProcess(pid);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>No desktop in the server's environment: no display, no session bus, no PipeWire or sway variables.</summary>
    private static Dictionary<string, string?> BareEnvironment => new()
    {
        ["WAYLAND_DISPLAY"] = null,
        ["DISPLAY"] = null,
        ["DBUS_SESSION_BUS_ADDRESS"] = null,
        ["SWAYSOCK"] = null,
        ["I3SOCK"] = null,
        ["PIPEWIRE_REMOTE"] = null,
        ["PIPEWIRE_RUNTIME_DIR"] = null,
        ["XDG_CURRENT_DESKTOP"] = null,
        ["XDG_SESSION_TYPE"] = null,
    };

    /// <summary>
    /// Types <c>echo headless-typed &gt; FILE</c> into the focused terminal until the file appears: keys sent while the
    /// viewer is still reconnecting are lost, so it types again every 10 s (the command is idempotent).
    /// </summary>
    private static async Task TypeUntilWrittenAsync(ViewerPage viewer, string file, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(20));

                // focus the page's picture (the click lands on the terminal, which fills the output)
                await viewer.Page.ClickAsync("#video");
                await viewer.Page.Keyboard.TypeAsync("echo headless-typed ");
                await viewer.Page.Keyboard.PressAsync("Shift+Period");
                await viewer.Page.Keyboard.TypeAsync(" " + file);
                await viewer.Page.Keyboard.PressAsync("Enter");
            }
            catch (Exception ex) when (ex is TimeoutException or Microsoft.Playwright.PlaywrightException or Xunit.Sdk.XunitException)
            {
                // not playing yet (reconnecting after the restart): try again
            }

            if (await WaitForAsync(() => File.Exists(file) && new FileInfo(file).Length > 0, TimeSpan.FromSeconds(10)))
            {
                await Task.Delay(100); // let the shell finish writing
                Assert.Equal("headless-typed\n", await File.ReadAllTextAsync(file));
                return;
            }
        }

        Assert.Fail($"{file} was not written within 120 s.\nConsole:\n{viewer.ConsoleText}\nServer:\n{server.Output}");
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition();
    }

    /// <summary>The session's compositor (by name and the run's runtime dir in its environment), or 0.</summary>
    private static int CompositorProcess(string marker, string name) =>
        ProcessesWith(marker).FirstOrDefault(pid => ReadOrEmpty($"/proc/{pid}/comm").Trim() == name);

    /// <summary>Live processes (zombies aside) whose environment holds <paramref name="entry"/>.</summary>
    private static List<int> ProcessesWith(string entry)
    {
        var needle = Encoding.UTF8.GetBytes(entry + "\0");
        var inside = Encoding.UTF8.GetBytes("\0" + entry + "\0");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                var state = ReadOrEmpty(Path.Combine(directory, "stat"));
                var isZombie = state.LastIndexOf(')') is var close and > 0 && close + 2 < state.Length && state[close + 2] is 'Z' or 'X';
                if (!isZombie && (environ.AsSpan().StartsWith(needle) || environ.AsSpan().IndexOf(inside) >= 0))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // it exited while we looked
            }
        }

        return found;
    }

    /// <summary>SIGKILL, if it still runs.</summary>
    private static void KillProcess(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    private static string Describe(int pid) => $"{pid} {ReadOrEmpty($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()}";

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
