namespace WlWebRtc.Encoder.Tests.Support;

/// <summary>A scratch directory tree (a fake /proc or /sys), deleted on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("wlenc").FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string File(string relative, string contents)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
