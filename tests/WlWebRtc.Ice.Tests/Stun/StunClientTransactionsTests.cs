using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.Ice.Tests.Stun;

public sealed class StunClientTransactionsTests
{
    [Fact]
    public void Schedule_Rfc8489Defaults_SendsAt0_500_1500_3500_7500_15500_31500AndFailsAt39500()
    {
        var (sends, timeout) = StunRetransmission.Default.Schedule(reliable: false);

        Assert.Equal(new[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }, sends.Select(s => (int)s.TotalMilliseconds));
        Assert.Equal(39500, timeout.TotalMilliseconds);
    }

    [Fact]
    public void Start_UnreliableNoAnswer_RetransmitsOnScheduleThenTimesOut()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        using var transactions = new StunClientTransactions(time);
        var sentAt = new List<TimeSpan>();
        StunTransactionOutcome? outcome = null;
        var outcomeAt = TimeSpan.Zero;

        transactions.Start(StunMessageBuilder.Request(StunMethod.Binding).Build(), _ => sentAt.Add(time.Elapsed), reliable: false, StunRetransmission.Default, o =>
        {
            outcome = o;
            outcomeAt = time.Elapsed;
        });
        time.Run(TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(100));

        Assert.Equal(new[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }, sentAt.Select(s => (int)s.TotalMilliseconds));
        Assert.True(outcome?.TimedOut);
        Assert.Equal(39500, outcomeAt.TotalMilliseconds);
        Assert.Equal(0, transactions.PendingCount);
    }

    [Fact]
    public void Start_Reliable_SendsOnceAndTimesOutAfterTi()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        using var transactions = new StunClientTransactions(time);
        var sends = 0;
        StunTransactionOutcome? outcome = null;

        transactions.Start(StunMessageBuilder.Request(StunMethod.Binding).Build(), _ => sends++, reliable: true, StunRetransmission.Default, o => outcome = o);
        time.Advance(TimeSpan.FromSeconds(39));
        Assert.Null(outcome);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, sends);
        Assert.True(outcome?.TimedOut);
    }

    [Fact]
    public void TryComplete_MatchingResponse_StopsRetransmissionsAndReportsOnce()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        using var transactions = new StunClientTransactions(time);
        var request = StunMessageBuilder.Request(StunMethod.Binding).Build();
        var sends = 0;
        var outcomes = new List<StunTransactionOutcome>();
        transactions.Start(request, _ => sends++, reliable: false, StunRetransmission.Default, outcomes.Add);
        time.Advance(TimeSpan.FromMilliseconds(600));
        var response = StunMessage.Parse(new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.AsSpan(8, 12)).Build());

        Assert.True(transactions.TryComplete(response));
        Assert.False(transactions.TryComplete(response));
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(2, sends);
        Assert.Single(outcomes);
        Assert.False(outcomes[0].TimedOut);
    }

    [Fact]
    public void TryComplete_ResponseWithWrongIntegrity_IgnoredAndTransactionKeepsWaiting()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        using var transactions = new StunClientTransactions(time);
        var request = StunMessageBuilder.Request(StunMethod.Binding).Build();
        var key = StunIntegrity.ShortTermKey("right");
        var outcomes = new List<StunTransactionOutcome>();
        transactions.Start(request, _ => { }, reliable: false, StunRetransmission.Default, outcomes.Add, responseKey: key);
        var forged = StunMessage.Parse(new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.AsSpan(8, 12)).Build(StunIntegrity.ShortTermKey("wrong")));
        var unsigned = StunMessage.Parse(new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.AsSpan(8, 12)).Build());
        var genuine = StunMessage.Parse(new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.AsSpan(8, 12)).Build(key));

        transactions.TryComplete(forged);
        transactions.TryComplete(unsigned);
        Assert.Empty(outcomes);
        transactions.TryComplete(genuine);

        Assert.Single(outcomes);
    }
}
