using System.Text.Json;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Support;

/// <summary>What the tests look at on the desktop: files written by typed commands, sway's window tree.</summary>
internal static class DesktopChecks
{
    public static string NewScratchDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wlwebrtc-input-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The file's text once it exists and is non-empty, or fails with what is there after <paramref name="timeout"/>.</summary>
    public static async Task<string> WaitForFileAsync(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (File.Exists(path) && new FileInfo(path).Length > 0)
            {
                await Task.Delay(100); // let the shell finish writing
                return await File.ReadAllTextAsync(path);
            }

            await Task.Delay(50);
        }

        var present = string.Join(", ", Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        throw new Xunit.Sdk.XunitException($"{path} did not appear within {timeout.TotalSeconds} s (directory holds: [{present}]).");
    }

    /// <summary>The app_id of the focused window, if any.</summary>
    public static async Task<string?> FocusedAppIdAsync(HeadlessDesktop desktop)
    {
        using var tree = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_tree", "-r"));
        return Windows(tree.RootElement).FirstOrDefault(w => w.Focused).AppId;
    }

    /// <summary>The rectangle of the window with <paramref name="appId"/> (layout pixels).</summary>
    public static async Task<(int X, int Y, int Width, int Height)> WindowRectAsync(HeadlessDesktop desktop, string appId)
    {
        using var tree = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_tree", "-r"));
        var window = Windows(tree.RootElement).FirstOrDefault(w => w.AppId == appId);
        return window.AppId is null ? throw new Xunit.Sdk.XunitException($"No window {appId} in sway's tree.") : window.Rect;
    }

    private static IEnumerable<(string? AppId, bool Focused, (int, int, int, int) Rect)> Windows(JsonElement node)
    {
        if (node.TryGetProperty("app_id", out var appId) && appId.ValueKind == JsonValueKind.String)
        {
            var rect = node.GetProperty("rect");
            yield return (appId.GetString(), node.GetProperty("focused").GetBoolean(),
                (rect.GetProperty("x").GetInt32(), rect.GetProperty("y").GetInt32(), rect.GetProperty("width").GetInt32(), rect.GetProperty("height").GetInt32()));
        }

        foreach (var childList in new[] { "nodes", "floating_nodes" })
        {
            if (node.TryGetProperty(childList, out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    foreach (var window in Windows(child))
                    {
                        yield return window;
                    }
                }
            }
        }
    }
}
