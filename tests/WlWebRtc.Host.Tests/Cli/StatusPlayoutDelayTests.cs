using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Control;

namespace WlWebRtc.Host.Tests.Cli;

public sealed class StatusPlayoutDelayTests
{
    [Fact]
    public void Format_ViewerOnLossyLink_ShowsPlayoutDelayAndDuplicates()
    {
        var text = StatusCommand.Format(new StatusSnapshot
        {
            Sessions = [new SessionStatus("ab12", "view", "connected", 1200, 44) { PlayoutDelayMilliseconds = 90, DuplicateRetransmissions = 17 }],
        });

        Assert.Contains("playout delay 90 ms (lossy link), 17 retransmissions sent twice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ViewerOnCleanLink_NoPlayoutDelayClause()
    {
        var text = StatusCommand.Format(new StatusSnapshot { Sessions = [new SessionStatus("cd34", "view", "connected", 1200, 44)] });

        Assert.DoesNotContain("playout delay", text, StringComparison.Ordinal);
    }
}
