using WlWebRtc.DBus;
using WlWebRtc.Gnome.Clipboard;

namespace WlWebRtc.Gnome.Tests;

public sealed class SelectionOwnerTests
{
    [Fact]
    public void Parse_TypesWrappedInAStructAsMutter43SendsThem_ReadsTheTypes()
    {
        var options = new Dictionary<object, object>
        {
            ["mime-types"] = new DBusVariant("(as)", new DBusStruct(new object[] { new object[] { "UTF8_STRING", "text/plain;charset=utf-8" } })),
            ["session-is-owner"] = new DBusVariant("b", false),
        };

        var owner = SelectionOwner.Parse(options);

        Assert.Equal(["UTF8_STRING", "text/plain;charset=utf-8"], owner.MimeTypes);
        Assert.False(owner.SessionIsOwner);
    }

    [Fact]
    public void Parse_PlainArrayAndOwner_ReadsBoth()
    {
        var options = new Dictionary<object, object>
        {
            ["mime-types"] = new DBusVariant("as", new object[] { "image/png", "image/png", "" }),
            ["session-is-owner"] = new DBusVariant("b", true),
        };

        var owner = SelectionOwner.Parse(options);

        Assert.Equal(["image/png"], owner.MimeTypes); // duplicates and empty names dropped
        Assert.True(owner.SessionIsOwner);
    }

    [Fact]
    public void Parse_WrongTypes_NoTypesAndNotTheOwner()
    {
        var options = new Dictionary<object, object>
        {
            ["mime-types"] = new DBusVariant("u", 7u),
            ["session-is-owner"] = new DBusVariant("s", "yes"),
        };

        var owner = SelectionOwner.Parse(options);

        Assert.Empty(owner.MimeTypes);
        Assert.False(owner.SessionIsOwner);
    }

    [Fact]
    public void Parse_TooManyTypes_KeepsTheFirst64()
    {
        var types = Enumerable.Range(0, 1000).Select(i => (object)("type/" + i)).ToArray();
        var options = new Dictionary<object, object> { ["mime-types"] = new DBusVariant("as", types) };

        Assert.Equal(SelectionOwner.MaxMimeTypes, SelectionOwner.Parse(options).MimeTypes.Count);
    }
}
