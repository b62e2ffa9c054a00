using System.Text.Json;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>What sway's window tree says: where a window is and which one has the focus.</summary>
internal static class SwayWindows
{
    /// <summary>The app_id of the focused window, if any.</summary>
    public static async Task<string?> FocusedAppIdAsync(HeadlessDesktop desktop)
    {
        using var tree = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_tree", "-r"));
        return Windows(tree.RootElement).FirstOrDefault(w => w.Focused).AppId;
    }

    /// <summary>The rectangle of the window with <paramref name="appId"/> in output pixels (layout coordinates).</summary>
    public static async Task<WindowRect> RectAsync(HeadlessDesktop desktop, string appId)
    {
        using var tree = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_tree", "-r"));
        var window = Windows(tree.RootElement).FirstOrDefault(w => w.AppId == appId);
        return window.AppId is null ? throw new Xunit.Sdk.XunitException($"No window {appId} in sway's tree.") : window.Rect;
    }

    /// <summary>Waits until the focused window is <paramref name="appId"/>; fails with the focused one and <paramref name="context"/>.</summary>
    public static async Task WaitForFocusAsync(HeadlessDesktop desktop, string appId, TimeSpan timeout, Func<Task<string>> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? focused;
        do
        {
            focused = await FocusedAppIdAsync(desktop);
            if (focused == appId)
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{appId} did not get the focus within {timeout.TotalSeconds} s (focused: {focused ?? "nothing"}).\n{await context()}");
    }

    private static IEnumerable<(string? AppId, bool Focused, WindowRect Rect)> Windows(JsonElement node)
    {
        if (node.TryGetProperty("app_id", out var appId) && appId.ValueKind == JsonValueKind.String)
        {
            var rect = node.GetProperty("rect");
            yield return (appId.GetString(), node.GetProperty("focused").GetBoolean(),
                new WindowRect(rect.GetProperty("x").GetInt32(), rect.GetProperty("y").GetInt32(), rect.GetProperty("width").GetInt32(), rect.GetProperty("height").GetInt32()));
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

/// <summary>A window's rectangle in output pixels.</summary>
internal readonly record struct WindowRect(int X, int Y, int Width, int Height)
{
    public double CentreX => X + (Width / 2.0);

    public double CentreY => Y + (Height / 2.0);

    public override string ToString() => $"{Width}x{Height}+{X}+{Y}";
}
