using System.Reflection;

namespace WlWebRtc.Host.Tests.Support;

/// <summary>Where things are in the repository and its build outputs.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The host's build output: wlwebrtc.dll with plugins/&lt;Name&gt;/ beside it.</summary>
    public static string HostOutput => Path.Combine(Root, "host", "bin", Configuration, "net10.0");

    /// <summary>The build output of a test plugin under tests/assets.</summary>
    public static string AssetOutput(string name)
    {
        var folder = Path.Combine(Root, "tests", "assets", name, "bin", Configuration, "net10.0");
        return File.Exists(Path.Combine(folder, name + ".dll"))
            ? folder
            : throw new InvalidOperationException($"test plugin {name} is not built at {folder}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WlWebRtc.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("WlWebRtc.sln not found above " + AppContext.BaseDirectory);
    }
}
