using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Tests.Cli;

public sealed class StatusFormatTests
{
    [Fact]
    public void Format_SessionWithRtcpRefusals_ListsThem()
    {
        var status = new StatusSnapshot
        {
            Sessions = [new SessionStatus("ab12", "view", "connected", 1200, 12.5) { RetransmissionsOverBudget = 3, NackedSequencesDropped = 5, TransportFeedbackDropped = 6, KeyframeRequestsSuppressed = 4 }],
        };

        var text = StatusCommand.Format(status);

        Assert.Contains("ab12 view connected, 1200 frames sent, rtt 12.5 ms; refused: 3 retransmissions over budget, 5 NACKed sequences, 6 feedback messages, 4 keyframe requests", text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, StatusCommand.ExitCodeFor(status));
    }

    [Fact]
    public void Format_SessionWithoutRefusals_NoRefusalClause()
    {
        var status = new StatusSnapshot { Sessions = [new SessionStatus("cd34", "control", "connected", 10, null)] };

        Assert.DoesNotContain("refused", StatusCommand.Format(status), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_TransportReportsReachability_ReachabilityLine()
    {
        var status = new StatusSnapshot { Reachability = "local 192.168.1.5; ICE full; TURN turns:turn.example.org:443 FAILED: 401" };

        Assert.Contains("reachability: local 192.168.1.5; ICE full; TURN turns:turn.example.org:443 FAILED: 401", StatusCommand.Format(status), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NoReachabilityReport_NoReachabilityLine()
    {
        Assert.DoesNotContain("reachability", StatusCommand.Format(new StatusSnapshot()), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_Session_ShowsItsEstimateLossAndDroppedFrames()
    {
        var status = new StatusSnapshot
        {
            Sessions = [new SessionStatus("ef56", "view", "connected", 900, 40) { EstimateBitsPerSecond = 2_500_000, FractionLost = 0.05, FramesDropped = 7 }],
        };

        Assert.Contains("ef56 view connected, 900 frames sent, rtt 40.0 ms; estimate 2.50 Mb/s, loss 5.0 %, 7 frames dropped", StatusCommand.Format(status), StringComparison.Ordinal);
    }
}
