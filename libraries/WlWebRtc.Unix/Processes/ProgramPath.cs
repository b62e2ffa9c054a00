namespace WlWebRtc.Unix;

/// <summary>Where a program would be found by a shell: an absolute or relative path as given, else the first match on PATH.</summary>
public static class ProgramPath
{
    private const string DefaultSearchPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>The program's full path, or null when it is not installed.</summary>
    public static string? Find(string program)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? DefaultSearchPath;
        foreach (var directory in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
