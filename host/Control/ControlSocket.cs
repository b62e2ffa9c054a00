namespace WlWebRtc.Host.Control;

/// <summary>
/// Where a running instance answers <c>wlwebrtc status</c> and <c>wlwebrtc stop</c>: a Unix socket only the
/// user can reach (<c>$XDG_RUNTIME_DIR/wlwebrtc/control.sock</c>, else <c>/tmp/wlwebrtc-UID/control.sock</c>).
/// </summary>
internal static class ControlSocket
{
    public static string DefaultPath(Func<string, string?> environment)
    {
        var runtime = environment("XDG_RUNTIME_DIR");
        var directory = !string.IsNullOrEmpty(runtime) && Directory.Exists(runtime)
            ? Path.Combine(runtime, "wlwebrtc")
            : Path.Combine(Path.GetTempPath(), $"wlwebrtc-{Environment.UserName}");
        return Path.Combine(directory, "control.sock");
    }

    /// <summary>Creates the socket's folder (mode 0700) and removes a stale socket; throws if another instance answers.</summary>
    public static async Task PrepareAsync(string path, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (!File.Exists(path))
        {
            return;
        }

        using var client = new ControlClient(path);
        if (await client.IsAliveAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"another wlwebrtc instance is running (it answers on {path}); stop it with 'wlwebrtc stop'");
        }

        File.Delete(path);
    }
}
