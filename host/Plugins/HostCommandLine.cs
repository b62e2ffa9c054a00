namespace WlWebRtc.Host.Plugins;

/// <summary>How to start this host again as a child process: the apphost, or <c>dotnet wlwebrtc.dll</c>.</summary>
internal sealed record HostCommandLine(string FileName, IReadOnlyList<string> Arguments)
{
    public static HostCommandLine Current()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        var isDotnet = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.Ordinal);
        if (isDotnet && entry is { Length: > 0 } && Path.GetFileName(entry).Equals("wlwebrtc.dll", StringComparison.Ordinal))
        {
            return new HostCommandLine(process, [entry]);
        }

        if (!isDotnet)
        {
            return new HostCommandLine(process, []);
        }

        // Inside another program (tests): run the wlwebrtc.dll that sits beside this assembly.
        return Beside(AppContext.BaseDirectory);
    }

    public static HostCommandLine Beside(string directory) =>
        new(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet", [Path.Combine(directory, "wlwebrtc.dll")]);
}
