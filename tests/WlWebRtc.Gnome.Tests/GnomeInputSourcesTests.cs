using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Keymap;
using WlWebRtc.Testing;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// What the GNOME input plugin writes to org.gnome.desktop.input-sources (through a recording gsettings): the viewer's
/// layout as the only source, the user's values saved once and written back; and the <c>[input.gnome]</c> table.
/// </summary>
public sealed class GnomeInputSourcesTests
{
    private const string UserSources = "[('xkb', 'us'), ('ibus', 'anthy')]";
    private const string UserMru = "[('ibus', 'anthy'), ('xkb', 'us')]";
    private readonly List<string> _calls = [];

    private GnomeInputSources Create(int failGetExitCode = 0) => new((arguments, _) =>
    {
        _calls.Add(string.Join(' ', arguments));
        return Task.FromResult(arguments[0] == "get"
            ? new GSettingsResult(failGetExitCode, arguments[2] == "sources" ? UserSources + "\n" : UserMru + "\n", failGetExitCode == 0 ? "" : "No such schema")
            : new GSettingsResult(0, "", ""));
    });

    [Fact]
    public async Task ApplyAsync_FirstLayout_SavesTheUsersSourcesThenSetsOnlyThatLayout()
    {
        var sources = Create();

        var users = await sources.ApplyAsync("de", "", CancellationToken.None);

        Assert.Equal(UserSources, users);
        Assert.Equal(
            [
                "get org.gnome.desktop.input-sources sources",
                "get org.gnome.desktop.input-sources mru-sources",
                "set org.gnome.desktop.input-sources sources [('xkb', 'de')]",
            ],
            _calls);
    }

    [Fact]
    public async Task ApplyAsync_AnotherLayoutThenTheSameAgain_SavesOnceSetsEachChangeOnce()
    {
        var sources = Create();

        await sources.ApplyAsync("de", "", CancellationToken.None);
        await sources.ApplyAsync("de", "nodeadkeys", CancellationToken.None);
        await sources.ApplyAsync("de", "nodeadkeys", CancellationToken.None);

        Assert.Equal(2, _calls.Count(c => c.StartsWith("get", StringComparison.Ordinal)));
        Assert.Equal(
            ["set org.gnome.desktop.input-sources sources [('xkb', 'de')]", "set org.gnome.desktop.input-sources sources [('xkb', 'de+nodeadkeys')]"],
            _calls.Where(c => c.StartsWith("set", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RestoreAsync_AfterApply_WritesTheUsersValuesBackOnce()
    {
        var sources = Create();
        await sources.ApplyAsync("fr", "", CancellationToken.None);
        _calls.Clear();

        Assert.True(await sources.RestoreAsync(CancellationToken.None));
        Assert.False(await sources.RestoreAsync(CancellationToken.None));

        Assert.Equal(
            ["set org.gnome.desktop.input-sources sources " + UserSources, "set org.gnome.desktop.input-sources mru-sources " + UserMru],
            _calls);
        Assert.Null(sources.Saved);
    }

    [Fact]
    public async Task RestoreAsync_NothingApplied_WritesNothing()
    {
        var sources = Create();

        Assert.False(await sources.RestoreAsync(CancellationToken.None));

        Assert.Empty(_calls);
    }

    [Fact]
    public async Task ApplyAsync_GSettingsFails_ThrowsAndSetsNothing()
    {
        var sources = Create(failGetExitCode: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sources.ApplyAsync("de", "", CancellationToken.None));

        Assert.Contains("No such schema", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_calls, c => c.StartsWith("set", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("viewer", true)]
    [InlineData("Keep", false)]
    public void InputOptionsParse_InputSources_Read(string? value, bool sets)
    {
        var settings = value is null ? TestSettings.Empty : TestSettings.Create(new Dictionary<string, string?> { ["input_sources"] = value });

        var (options, errors) = GnomeInputOptions.Parse(settings);

        Assert.Empty(errors);
        Assert.Equal(sets, options.SetsInputSources);
    }

    [Fact]
    public void InputOptionsParse_UnknownInputSources_Error()
    {
        var (_, errors) = GnomeInputOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["input_sources"] = "always" }));

        Assert.Equal("input_sources", Assert.Single(errors).Key);
    }
}
