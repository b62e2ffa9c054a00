using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Session;

/// <summary>
/// The desktop session from the environment: the Wayland socket, XDG_CURRENT_DESKTOP and the PipeWire socket. Each
/// part is checked concurrently and bounded by the time limit on its own. The portals are the portal plugin's to probe.
/// </summary>
internal sealed class SessionDetector(IEnvironmentVariables environment, DetectionGuard guard)
{
    public async Task<SessionInfo> DetectAsync(CancellationToken cancellationToken)
    {
        var display = environment.Get("WAYLAND_DISPLAY");
        var wayland = guard.RunAsync("wayland", token => DetectWaylandAsync(display, token), Detection.Absent, cancellationToken);
        var pipeWire = guard.RunAsync("pipewire", DetectPipeWireAsync, Detection.Absent, cancellationToken);
        await Task.WhenAll(wayland, pipeWire);

        var desktop = environment.Get("XDG_CURRENT_DESKTOP");
        return new SessionInfo(wayland.Result, display, desktop, pipeWire.Result);
    }

    /// <summary>As libwayland-client resolves it: an absolute WAYLAND_DISPLAY is the socket, a name is in XDG_RUNTIME_DIR.</summary>
    private async Task<Detection> DetectWaylandAsync(string? display, CancellationToken cancellationToken)
    {
        if (display is null)
        {
            return Detection.Absent("WAYLAND_DISPLAY is not set (no Wayland session in this environment)");
        }

        string path;
        if (Path.IsPathRooted(display))
        {
            path = display;
        }
        else if (environment.Get("XDG_RUNTIME_DIR") is { } runtimeDir)
        {
            path = Path.Combine(runtimeDir, display);
        }
        else
        {
            return Detection.Absent($"WAYLAND_DISPLAY is '{display}' but XDG_RUNTIME_DIR is not set, so its socket cannot be found");
        }

        var socket = await UnixSocketProbe.ProbeAsync(path, cancellationToken);
        return socket.IsPresent
            ? Detection.Present($"Wayland compositor at {path}")
            : Detection.Absent($"WAYLAND_DISPLAY is '{display}' but {socket.Reason}");
    }

    /// <summary>As libpipewire resolves it: PIPEWIRE_REMOTE (default "pipewire-0") in PIPEWIRE_RUNTIME_DIR, else XDG_RUNTIME_DIR.</summary>
    private async Task<Detection> DetectPipeWireAsync(CancellationToken cancellationToken)
    {
        var remote = environment.Get("PIPEWIRE_REMOTE") ?? "pipewire-0";
        string path;
        if (Path.IsPathRooted(remote))
        {
            path = remote;
        }
        else if ((environment.Get("PIPEWIRE_RUNTIME_DIR") ?? environment.Get("XDG_RUNTIME_DIR")) is { } runtimeDir)
        {
            path = Path.Combine(runtimeDir, remote);
        }
        else
        {
            return Detection.Absent($"neither PIPEWIRE_RUNTIME_DIR nor XDG_RUNTIME_DIR is set, so the PipeWire socket '{remote}' cannot be found");
        }

        var socket = await UnixSocketProbe.ProbeAsync(path, cancellationToken);
        return socket.IsPresent ? Detection.Present($"PipeWire at {path}") : Detection.Absent($"PipeWire: {socket.Reason}");
    }
}
