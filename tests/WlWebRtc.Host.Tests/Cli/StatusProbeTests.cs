using System.Text.Json;
using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Tests.Cli;

/// <summary>The bandwidth estimator's probing on each viewer's status line and in the JSON.</summary>
public sealed class StatusProbeTests
{
    private static readonly SessionStatus Probed = new("ab12", "view", "connected", 1200, 12.5)
    {
        EstimateBitsPerSecond = 2_500_000,
        ProbeClusters = 7,
        ProbeResults = 5,
        LastProbeBitsPerSecond = 2_850_000,
        LastProbeSaturated = true,
        LastProbeAgeMilliseconds = 1250,
        PaddingBytesSent = 48_000,
    };

    [Fact]
    public void Format_ViewerThatProbed_ListsProbesLastResultAndPadding()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [Probed] });

        Assert.Contains("frames dropped; probes 7 sent, 5 results, last 2.85 Mb/s (path full) 1.3 s ago, padding 48000 bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ProbesWithoutResultYet_NoLastResult()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [Probed with { ProbeResults = 0, LastProbeBitsPerSecond = null, LastProbeSaturated = false, LastProbeAgeMilliseconds = null }] });

        Assert.Contains("; probes 7 sent, 0 results, padding 48000 bytes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("last ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnsaturatedProbe_NoPathFull()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [Probed with { LastProbeSaturated = false }] });

        Assert.Contains("last 2.85 Mb/s 1.3 s ago", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ViewerWithoutProbing_NoProbeClause()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [new SessionStatus("cd34", "view", "connected", 10, null)] });

        Assert.DoesNotContain("probes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ViewerThatProbed_CarriesTheProbeFields()
    {
        var json = JsonSerializer.Serialize(new StatusSnapshot { Sessions = [Probed] }, StatusJsonContext.Default.StatusSnapshot);

        using var document = JsonDocument.Parse(json);
        var session = document.RootElement.GetProperty("sessions")[0];
        Assert.Equal(7, session.GetProperty("probe_clusters").GetInt64());
        Assert.Equal(5, session.GetProperty("probe_results").GetInt64());
        Assert.Equal(2_850_000, session.GetProperty("last_probe_bps").GetInt64());
        Assert.True(session.GetProperty("last_probe_saturated").GetBoolean());
        Assert.Equal(1250, session.GetProperty("last_probe_age_ms").GetDouble());
        Assert.Equal(48_000, session.GetProperty("padding_bytes_sent").GetInt64());
    }

    [Fact]
    public void Json_NoProbeResultYet_LastProbeIsNull()
    {
        var json = JsonSerializer.Serialize(new StatusSnapshot { Sessions = [new SessionStatus("cd34", "view", "connected", 10, null)] }, StatusJsonContext.Default.StatusSnapshot);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("sessions")[0].GetProperty("last_probe_bps").ValueKind);
    }
}
