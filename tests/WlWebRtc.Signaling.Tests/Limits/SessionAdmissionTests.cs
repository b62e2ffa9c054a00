using WlWebRtc.Signaling.WebSocket.Limits;

namespace WlWebRtc.Signaling.Tests.Limits;

public sealed class SessionAdmissionTests
{
    [Fact]
    public void TryAdmitPending_ServerWideCapFull_LongestWaitingEvictedForTheNewcomer()
    {
        var admission = new SessionAdmission(maxSessions: 4, maxPending: 3, maxPendingPerAddress: 2);
        var first = admission.TryAdmitPending("10.0.0.1", out _)!;
        var second = admission.TryAdmitPending("10.0.0.2", out _)!;
        var third = admission.TryAdmitPending("10.0.0.3", out _)!;

        var newcomer = admission.TryAdmitPending("10.0.0.4", out var refusal);

        Assert.NotNull(newcomer);
        Assert.Empty(refusal);
        Assert.True(first.Evicted.IsCompleted);
        Assert.False(second.Evicted.IsCompleted);
        Assert.False(third.Evicted.IsCompleted);
        Assert.False(newcomer.Evicted.IsCompleted);
        Assert.Equal(3, admission.Pending);

        // The evicted socket's own release later must not free a slot someone else holds.
        first.Dispose();
        Assert.Equal(3, admission.Pending);
    }

    [Fact]
    public void TryAdmitPending_AddressCapFull_RefusedWithoutEvictingAnyone()
    {
        var admission = new SessionAdmission(maxSessions: 4, maxPending: 8, maxPendingPerAddress: 2);
        var held = new[] { admission.TryAdmitPending("10.0.0.1", out _)!, admission.TryAdmitPending("10.0.0.1", out _)! };

        Assert.Null(admission.TryAdmitPending("10.0.0.1", out var refusal));

        Assert.Contains("max_unauthenticated_per_address", refusal, StringComparison.Ordinal);
        Assert.All(held, t => Assert.False(t.Evicted.IsCompleted));
    }

    [Fact]
    public void TryAdmitPending_EvictedAddressCount_FreesThatAddressForNewSockets()
    {
        var admission = new SessionAdmission(maxSessions: 4, maxPending: 2, maxPendingPerAddress: 1);
        var squatter = admission.TryAdmitPending("10.0.0.1", out _)!;
        _ = admission.TryAdmitPending("10.0.0.2", out _)!;
        _ = admission.TryAdmitPending("10.0.0.3", out _)!; // evicts the squatter

        Assert.True(squatter.Evicted.IsCompleted);
        Assert.NotNull(admission.TryAdmitPending("10.0.0.1", out _));
    }

    [Fact]
    public void TryPromote_WaitingTicket_MovesToASessionSlotAndFreesItsWaitingSlot()
    {
        var admission = new SessionAdmission(maxSessions: 1, maxPending: 2, maxPendingPerAddress: 2);
        using var ticket = admission.TryAdmitPending("10.0.0.1", out _)!;

        Assert.True(ticket.TryPromote());

        Assert.Equal(0, admission.Pending);
        Assert.True(ticket.HoldsSession);
        Assert.Null(admission.TryAdmitAuthenticated());
    }
}
