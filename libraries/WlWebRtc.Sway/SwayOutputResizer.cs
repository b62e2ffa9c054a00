using System.Globalization;
using System.Text;
using System.Text.Json;
using WlWebRtc.Capture;

namespace WlWebRtc.Sway;

/// <summary>
/// <see cref="IResizableOutput"/> on sway: <c>output NAME mode --custom WxH scale S</c> over the IPC socket. The
/// output is the one the capture shows: the one found before, else the active output at the captured area's position
/// (when the capture knows it), else the only active output.
/// </summary>
internal sealed class SwayOutputResizer : IResizableOutput
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly string _socketPath;
    private readonly (int X, int Y)? _capturedAt;
    private string? _outputName;
    private (string Name, DesiredOutputSize Size)? _original;

    /// <param name="socketPath">sway's IPC socket ($SWAYSOCK).</param>
    /// <param name="capturedAt">Where the captured output lies in the layout, if the capture says.</param>
    /// <param name="outputName">The captured output's name, when the capture knows it.</param>
    public SwayOutputResizer(string socketPath, (int X, int Y)? capturedAt, string? outputName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        _socketPath = socketPath;
        _capturedAt = capturedAt;
        _outputName = outputName;
    }

    /// <summary>A resizer when the session is sway (SWAYSOCK names a socket), else null.</summary>
    public static SwayOutputResizer? ForSession(string? swaySocket, (int X, int Y)? capturedAt) =>
        !string.IsNullOrEmpty(swaySocket) && File.Exists(swaySocket) ? new SwayOutputResizer(swaySocket, capturedAt) : null;

    /// <summary>The output resized last, once one was.</summary>
    public string? OutputName => Volatile.Read(ref _outputName);

    public async ValueTask ResizeAsync(DesiredOutputSize size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(size);
        var outputs = SwayOutput.ParseList(await SwayIpcClient.RequestAsync(_socketPath, SwayIpcClient.GetOutputs, string.Empty, RequestTimeout, cancellationToken).ConfigureAwait(false));
        var name = ChooseOutput(outputs, OutputName, _capturedAt);
        if (_original is null && outputs.FirstOrDefault(o => o.Name == name) is { ModeWidth: > 0, ModeHeight: > 0 } before)
        {
            // what the output had before wlwebrtc changed it: RestoreAsync goes back to it
            _original = (name, new DesiredOutputSize(before.ModeWidth, before.ModeHeight, before.Scale > 0 ? before.Scale : 1));
        }

        var reply = await SwayIpcClient.RequestAsync(_socketPath, SwayIpcClient.RunCommand, Command(name, size), RequestTimeout, cancellationToken).ConfigureAwait(false);
        CheckCommandReply(reply);
        Volatile.Write(ref _outputName, name);
    }

    /// <summary>The size the output had before the first resize, once there was one.</summary>
    public DesiredOutputSize? OriginalSize => _original?.Size;

    public async ValueTask RestoreAsync(CancellationToken cancellationToken)
    {
        if (_original is not { } original)
        {
            return;
        }

        var reply = await SwayIpcClient.RequestAsync(_socketPath, SwayIpcClient.RunCommand, Command(original.Name, original.Size), RequestTimeout, cancellationToken).ConfigureAwait(false);
        CheckCommandReply(reply);
    }

    /// <summary>The sway command that gives <paramref name="name"/> <paramref name="size"/>.</summary>
    public static string Command(string name, DesiredOutputSize size)
    {
        ArgumentNullException.ThrowIfNull(size);
        CheckName(name);

        if (size.Width <= 0 || size.Height <= 0 || !double.IsFinite(size.Scale) || size.Scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be positive with a positive scale.");
        }

        return string.Create(CultureInfo.InvariantCulture, $"output \"{name}\" mode --custom {size.Width}x{size.Height} scale {size.Scale:0.###}");
    }

    /// <summary>Throws when <paramref name="name"/> cannot be put between quotes in a sway command.</summary>
    public static void CheckName(string name)
    {
        if (name.Length == 0 || name.Any(c => c is '"' or '\\' or ';' or ',' || char.IsControl(c)))
        {
            throw new SwayIpcException($"The output name '{name}' cannot be put in a sway command.");
        }
    }

    /// <summary>The captured output's name among <paramref name="outputs"/>; throws when it cannot be told.</summary>
    public static string ChooseOutput(IReadOnlyList<SwayOutput> outputs, string? known, (int X, int Y)? capturedAt)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var active = outputs.Where(o => o.Active).ToList();
        if (known is not null && active.Any(o => o.Name == known))
        {
            return known;
        }

        if (capturedAt is { } at && active.FirstOrDefault(o => o.X == at.X && o.Y == at.Y) is { } placed)
        {
            return placed.Name;
        }

        return active.Count switch
        {
            1 => active[0].Name,
            0 => throw new SwayIpcException("sway has no active output."),
            _ => throw new SwayIpcException($"sway has {active.Count} active outputs ({string.Join(", ", active.Select(o => o.Name))}) and the capture did not say which one it shows."),
        };
    }

    /// <summary>Throws with sway's error when any command of a <c>run_command</c> reply failed.</summary>
    public static void CheckCommandReply(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var results = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
            foreach (var result in results)
            {
                if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("success", out var success) || success.ValueKind != JsonValueKind.True)
                {
                    var error = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                    throw new SwayIpcException("sway refused the output command: " + (error ?? Encoding.UTF8.GetString(utf8Json)));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new SwayIpcException("sway's command reply is not valid JSON: " + ex.Message, ex);
        }
    }
}
