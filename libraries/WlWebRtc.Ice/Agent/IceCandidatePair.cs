using WlWebRtc.Ice.Sockets;

namespace WlWebRtc.Ice.Agent;

/// <summary>A local candidate and the socket it sends through (its base: the host socket, or the TURN relay).</summary>
internal sealed record LocalCandidate(IceCandidate Candidate, IIceSocket Socket, ushort LocalPreference);

/// <summary>A pair in the check list or the valid list. Mutable state is guarded by the agent's lock.</summary>
public sealed class IceCandidatePair
{
    internal IceCandidatePair(LocalCandidate local, IceCandidate remote, ulong priority)
    {
        LocalEntry = local;
        Remote = remote;
        Priority = priority;
    }

    public IceCandidate Local => LocalEntry.Candidate;

    public IceCandidate Remote { get; }

    /// <summary>The socket this pair sends through.</summary>
    public IIceSocket Socket => LocalEntry.Socket;

    public ulong Priority { get; internal set; }

    public IceCandidatePairState State { get; internal set; }

    public bool IsNominated { get; internal set; }

    public string Foundation => Local.Foundation + ":" + Remote.Foundation;

    internal LocalCandidate LocalEntry { get; }

    /// <summary>Controlled side: USE-CANDIDATE arrived before this pair's own check succeeded (RFC 8445 section 7.3.1.5).</summary>
    internal bool NominateOnSuccess { get; set; }

    /// <summary>When the controlling peer last nominated this pair (a counter; 0: never).</summary>
    internal long NominationOrder { get; set; }

    internal byte[]? TransactionId { get; set; }

    internal bool IsValid { get; set; }

    public override string ToString() => $"{Local.EndPoint} ({IceCandidate.TypeName(Local.Type)}) -> {Remote.EndPoint} ({IceCandidate.TypeName(Remote.Type)}) {State}{(IsNominated ? " nominated" : "")}";
}
