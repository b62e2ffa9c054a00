using WlWebRtc.DBus.Portals;

namespace WlWebRtc.DBus.Tests.Portals;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RestoreTokenStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Directory.CreateTempSubdirectory("wlwebrtc-tokens-").FullName, "wlwebrtc");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);

    [Fact]
    public void Save_ThenLoad_ReturnsTokenFromAUserOnlyFile()
    {
        var store = new RestoreTokenStore(_directory);

        store.Save("screencast", "abc-123");

        Assert.Equal("abc-123", new RestoreTokenStore(_directory).Load("screencast"));
        var file = Path.Combine(_directory, "screencast.restore-token");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Load_NothingSaved_ReturnsNull()
    {
        Assert.Null(new RestoreTokenStore(_directory).Load("screencast"));
    }

    [Fact]
    public void Clear_SavedToken_RemovesIt()
    {
        var store = new RestoreTokenStore(_directory);
        store.Save("remotedesktop", "t");

        store.Clear("remotedesktop");

        Assert.Null(store.Load("remotedesktop"));
    }

    [Fact]
    public void Save_KeyWithPathSeparator_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RestoreTokenStore(_directory).Save("../evil", "t"));
    }

    [Fact]
    public void DefaultDirectory_FollowsXdgStateHome()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        var expected = string.IsNullOrEmpty(state)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "wlwebrtc")
            : Path.Combine(state, "wlwebrtc");

        Assert.Equal(expected, RestoreTokenStore.DefaultDirectory());
    }
}
