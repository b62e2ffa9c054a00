using WlWebRtc.Input;

namespace WlWebRtc.RemoteInput.Tests.Support;

/// <summary>A recording injector with the keyboard-text capability: "text-key 30 down ä", "type 日本", "layout de nodeadkeys", "restore layout".</summary>
internal sealed class RecordingTextInjector : RecordingInjector, IKeyboardTextInjector
{
    public ValueTask SetKeyboardLayoutAsync(string layout, string variant, CancellationToken cancellationToken) =>
        variant.Length == 0 ? Record($"layout {layout}") : Record($"layout {layout} {variant}");

    public ValueTask KeyAsync(int key, bool pressed, string produced, CancellationToken cancellationToken) => Record($"text-key {key} {(pressed ? "down" : "up")} {produced}");

    public ValueTask TypeTextAsync(string text, CancellationToken cancellationToken) => Record($"type {text}");

    public ValueTask RestoreKeyboardLayoutAsync(CancellationToken cancellationToken) => Record($"restore layout");
}
