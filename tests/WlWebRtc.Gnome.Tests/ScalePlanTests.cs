using WlWebRtc.DBus;
using WlWebRtc.Gnome.Mutter.DisplayConfig;

namespace WlWebRtc.Gnome.Tests;

/// <summary>The scale of a RecordVirtual monitor through DisplayConfig, from GetCurrentState replies as mutter 43.8 sends them.</summary>
public sealed class ScalePlanTests
{
    [Fact]
    public void Parse_Mutter43Reply_ReadsMonitorsModesAndLogicalMonitors()
    {
        var state = DisplayState.Parse(Reply(2000, 1400, [1.0, 2.0], 1.0));

        Assert.Equal(7u, state.Serial);
        Assert.Equal(DisplayState.PhysicalLayout, state.LayoutMode);
        Assert.Equal(["Meta-0", "Meta-1"], state.Monitors.Select(m => m.Connector));
        Assert.Equal(("2000x1400@60.000", 2000, 1400), (state.Monitors[1].CurrentMode!.Id, state.Monitors[1].CurrentMode!.Width, state.Monitors[1].CurrentMode!.Height));
        Assert.Equal([1.0, 2.0], state.Monitors[1].CurrentMode!.SupportedScales);
        Assert.Equal(new[] { "Meta-1" }, state.LogicalMonitors[1].Connectors);
        Assert.Equal((640, 0, false), (state.LogicalMonitors[1].X, state.LogicalMonitors[1].Y, state.LogicalMonitors[1].Primary));
    }

    [Fact]
    public void TryMake_RatioTwoOnALargeMonitor_ScalesOnlyTheVirtualMonitorAndKeepsTheOther()
    {
        var whyNot = ScalePlan.TryMake(DisplayState.Parse(Reply(2000, 1400, [1.0, 2.0], 1.0)), 2000, 1400, 2, out var plan);

        Assert.Null(whyNot);
        Assert.NotNull(plan);
        Assert.Equal(("Meta-1", 2.0), (plan.Connector, plan.Scale));
        Assert.Equal(7u, plan.Arguments[0]);
        Assert.Equal(ScalePlan.Temporary, plan.Arguments[1]);
        var logical = Assert.IsType<List<object>>(plan.Arguments[2]).Cast<DBusStruct>().ToList();
        Assert.Equal((0, 0, 1.0, true), ((int)logical[0][0], (int)logical[0][1], (double)logical[0][2], (bool)logical[0][4]));
        Assert.Equal((640, 0, 2.0, false), ((int)logical[1][0], (int)logical[1][1], (double)logical[1][2], (bool)logical[1][4]));
        var monitor = (DBusStruct)Assert.Single((List<object>)logical[1][5]);
        Assert.Equal(("Meta-1", "2000x1400@60.000"), ((string)monitor[0], (string)monitor[1]));
    }

    [Theory]
    [InlineData(1.5, 1.0)]
    [InlineData(3.0, 2.0)]
    public void TryMake_RatioMutterDoesNotOffer_TakesTheLargestAllowedBelowIt(double wanted, double expected)
    {
        var whyNot = ScalePlan.TryMake(DisplayState.Parse(Reply(2000, 1400, [1.0, 2.0], wanted == 1.5 ? 2.0 : 1.0)), 2000, 1400, wanted, out var plan);

        Assert.Null(whyNot);
        Assert.Equal(expected, plan!.Scale);
    }

    [Fact]
    public void TryMake_ScaleAlreadySet_NoPlanAndNoReason()
    {
        var whyNot = ScalePlan.TryMake(DisplayState.Parse(Reply(1280, 720, [1.0], 1.0)), 1280, 720, 2, out var plan);

        Assert.Null(whyNot);
        Assert.Null(plan);
    }

    [Fact]
    public void TryMake_NoVirtualMonitorOfTheSize_SaysSo()
    {
        var whyNot = ScalePlan.TryMake(DisplayState.Parse(Reply(1280, 720, [1.0], 1.0)), 800, 600, 2, out var plan);

        Assert.Null(plan);
        Assert.Contains("0 virtual monitors of 800x600", whyNot, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownShape_Throws()
    {
        Assert.Throws<InvalidDataException>(() => DisplayState.Parse([7u, new object[] { "not a monitor" }, Array.Empty<object>(), new Dictionary<object, object>()]));
        Assert.Throws<InvalidDataException>(() => DisplayState.Parse(["x"]));
    }

    /// <summary>A fixed 640x480 monitor Meta-0 at (0,0), and the RecordVirtual monitor Meta-1 beside it (physical layout).</summary>
    private static object[] Reply(int width, int height, double[] scales, double scale) =>
    [
        7u,
        new object[]
        {
            Monitor("Meta-0", "MetaVirtualMonitor", 640, 480, [1.0]),
            Monitor("Meta-1", DisplayState.VirtualProduct, width, height, scales),
        },
        new object[]
        {
            new DBusStruct(0, 0, 1.0, 0u, true, new object[] { Spec("Meta-0", "MetaVirtualMonitor") }, new Dictionary<object, object>()),
            new DBusStruct(640, 0, scale, 0u, false, new object[] { Spec("Meta-1", DisplayState.VirtualProduct) }, new Dictionary<object, object>()),
        },
        new Dictionary<object, object> { ["layout-mode"] = new DBusVariant("u", 2u) },
    ];

    private static DBusStruct Monitor(string connector, string product, int width, int height, double[] scales) => new(
        Spec(connector, product),
        new object[]
        {
            new DBusStruct(
                $"{width}x{height}@60.000", width, height, 60.0, 1.0, scales,
                new Dictionary<object, object> { ["is-current"] = new DBusVariant("b", true), ["is-preferred"] = new DBusVariant("b", true) }),
        },
        new Dictionary<object, object>());

    private static DBusStruct Spec(string connector, string product) => new(connector, "MetaVendor", product, "0x00");
}
