using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Streaming;

namespace WlWebRtc.Host.Tests.Cli;

public sealed class StatusStageLatencyTests
{
    [Fact]
    public void Format_StagesAndViewerPacingAndFec_AreListed()
    {
        var status = new StatusSnapshot
        {
            StageLatencies = new Dictionary<string, LatencyPercentiles?>
            {
                ["capture_to_encode"] = new(1.5, 3, 4, 90),
                ["convert"] = new(0.8, 1.2, 1.5, 90),
                ["encode"] = new(4.25, 7, 9, 90),
                ["send"] = null,
            },
            Sessions =
            [
                new SessionStatus("ab12", "view", "connected", 1200, 12.5) { PacingSendMilliseconds = 6.25, FecPacketsSent = 40, FecBytesSent = 25_000, BytesSent = 250_000, FecEmptyRetransmissions = 3 },
            ],
        };

        var text = StatusCommand.Format(status);

        Assert.Contains("latency convert: p50 0.80 ms, p95 1.20 ms, p99 1.50 ms (90 frames)", text, StringComparison.Ordinal);
        Assert.Contains("latency encode: p50 4.25 ms", text, StringComparison.Ordinal);
        Assert.Contains("latency send: no samples yet", text, StringComparison.Ordinal);
        Assert.Contains("ab12 view connected, 1200 frames sent, rtt 12.5 ms, pacing+send 6.3 ms, FEC 40 packets (10.0 % of bytes sent, +11.1 % over the rest), 3 empty retransmissions", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ViewerWithoutFecOrFrames_NoFecOrPacingClause()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [new SessionStatus("cd34", "control", "connected", 0, null)] });

        Assert.DoesNotContain("FEC", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pacing+send", text, StringComparison.Ordinal);
    }
}
