using WlWebRtc.Configuration;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Tests.Streaming;

/// <summary><c>input.keyboard_layout</c>: "auto" by default, an XKB layout name, anything else an error with its key.</summary>
public sealed class KeyboardLayoutOptionsTests
{
    private static (WlWebRtcOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(string? value)
    {
        var flags = new Dictionary<string, string?>();
        if (value is not null)
        {
            flags["input:keyboard_layout"] = value;
        }

        return WlWebRtcOptions.Read(ConfigurationLoader.Load(null, flags, useEnvironment: false));
    }

    [Fact]
    public void Read_NotSet_IsAuto()
    {
        var (options, errors) = Read(null);

        Assert.Empty(errors);
        Assert.Equal("auto", options!.KeyboardLayout);
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("de(nodeadkeys)")]
    public void Read_XkbLayout_Used(string layout)
    {
        var (options, errors) = Read(layout);

        Assert.Empty(errors);
        Assert.Equal(layout, options!.KeyboardLayout);
    }

    [Theory]
    [InlineData("German")]
    [InlineData("de(")]
    [InlineData("de+us")]
    [InlineData("de\"; include \"x")]
    public void Read_NotALayoutName_ErrorNamesTheKey(string layout)
    {
        var (options, errors) = Read(layout);

        Assert.Null(options);
        Assert.Contains(errors, e => e.ToString().Contains("input.keyboard_layout", StringComparison.Ordinal));
    }
}
