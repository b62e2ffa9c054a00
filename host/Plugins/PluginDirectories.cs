namespace WlWebRtc.Host.Plugins;

/// <summary>
/// The folders that hold plugin folders, in search order: <c>plugins/</c> beside the executable,
/// <c>$XDG_DATA_HOME/wlwebrtc/plugins</c> (default <c>~/.local/share/wlwebrtc/plugins</c>), then the config's <c>plugins.paths</c>.
/// </summary>
internal static class PluginDirectories
{
    public static IReadOnlyList<string> Resolve(IEnumerable<string> configuredPaths, Func<string, string?> environment, string baseDirectory)
    {
        var roots = new List<string> { Path.Combine(baseDirectory, "plugins") };
        var dataHome = environment("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome) && environment("HOME") is { Length: > 0 } home)
        {
            dataHome = Path.Combine(home, ".local", "share");
        }

        if (!string.IsNullOrEmpty(dataHome))
        {
            roots.Add(Path.Combine(dataHome, "wlwebrtc", "plugins"));
        }

        roots.AddRange(configuredPaths.Select(p => Path.GetFullPath(ExpandHome(p, environment))));
        return roots.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The plugin folders under the roots: each sub-folder of a root is one plugin. A configured path that is
    /// itself a plugin folder (it holds <c>&lt;name&gt;.dll</c>) counts as one too.
    /// </summary>
    public static IEnumerable<string> EnumeratePluginFolders(IEnumerable<string> roots)
    {
        foreach (var root in roots)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            if (File.Exists(Path.Combine(root, Path.GetFileName(root) + ".dll")))
            {
                yield return root;
                continue;
            }

            string[] folders;
            try
            {
                folders = Directory.GetDirectories(root);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(folders, StringComparer.Ordinal);
            foreach (var folder in folders)
            {
                yield return folder;
            }
        }
    }

    private static string ExpandHome(string path, Func<string, string?> environment) =>
        path.StartsWith("~/", StringComparison.Ordinal) && environment("HOME") is { Length: > 0 } home ? Path.Combine(home, path[2..]) : path;
}
