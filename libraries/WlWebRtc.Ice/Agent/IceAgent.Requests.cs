using System.Net;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Agent;

/// <summary>Answering the peer's checks (RFC 8445 section 7.3).</summary>
public sealed partial class IceAgent
{
    private void HandleRequest(IIceSocket socket, IPEndPoint remote, StunMessage request)
    {
        if (_state == IceAgentState.Closed)
        {
            return;
        }

        if (request.HasFingerprint && !request.VerifyFingerprint())
        {
            Log.RequestRejected(_logger, remote, "bad FINGERPRINT");
            return; // not STUN for us (RFC 7983 demultiplexing relies on it)
        }

        var username = request.Username;
        var priority = request.Priority;
        if (username is null || !request.HasIntegrity || priority is null ||
            (request.IceControlling is null && request.IceControlled is null))
        {
            Log.RequestRejected(_logger, remote, "missing USERNAME, MESSAGE-INTEGRITY, PRIORITY or ICE-CONTROLLING/ICE-CONTROLLED");
            SendError(socket, remote, request, StunErrorCodes.BadRequest, "Bad Request", authenticated: false);
            return;
        }

        var colon = username.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || username[..colon] != _localCredentials.Ufrag || !request.VerifyIntegrity(_localKey) ||
            (_remoteUfrag is not null && username[(colon + 1)..] != _remoteUfrag))
        {
            Log.RequestRejected(_logger, remote, "wrong USERNAME or MESSAGE-INTEGRITY");
            SendError(socket, remote, request, StunErrorCodes.Unauthorized, "Unauthorized", authenticated: false);
            return;
        }

        // RFC 8489 section 6.3.1.1: a comprehension-required attribute we do not know gets a 420 listing it.
        var unknown = request.UnknownComprehensionRequired();
        if (unknown.Count > 0)
        {
            var list = new byte[unknown.Count * 2];
            for (var i = 0; i < unknown.Count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(list.AsSpan(i * 2), unknown[i]);
            }

            var error = new StunMessageBuilder(StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId.Span)
                .AddErrorCode(StunErrorCodes.UnknownAttribute, "Unknown Attribute")
                .Add(StunAttributeType.UnknownAttributes, list)
                .Build(_localKey);
            socket.Send(error, remote);
            return;
        }

        // Section 7.3.1.1: both sides claim the same role; the larger tie-breaker takes or keeps controlling.
        if (Role == IceRole.Controlling && request.IceControlling is { } theirsControlling)
        {
            if (TieBreaker >= theirsControlling)
            {
                SendError(socket, remote, request, StunErrorCodes.RoleConflict, "Role Conflict", authenticated: true);
                return;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && request.IceControlled is { } theirsControlled)
        {
            if (TieBreaker >= theirsControlled)
            {
                SwitchRole(IceRole.Controlling);
            }
            else
            {
                SendError(socket, remote, request, StunErrorCodes.RoleConflict, "Role Conflict", authenticated: true);
                return;
            }
        }

        var response = new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId.Span)
            .AddXorAddress(StunAttributeType.XorMappedAddress, remote)
            .Build(_localKey);
        socket.Send(response, remote);

        var local = _locals.FirstOrDefault(l => l.Socket == socket && l.Candidate.Type is IceCandidateType.Host or IceCandidateType.Relayed);
        if (local is null || _state is IceAgentState.Failed)
        {
            return;
        }

        // Section 7.3.1.3: a source address we do not know is a peer-reflexive remote candidate.
        var remoteCandidate = _remotes.FirstOrDefault(r => r.EndPoint.Equals(remote));
        if (remoteCandidate is null)
        {
            remoteCandidate = new IceCandidate("prflx" + (++_prflxCounter).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, priority.Value, remote, IceCandidateType.PeerReflexive);
            _remotes.Add(remoteCandidate);
            Log.PeerReflexive(_logger, _localCredentials.Ufrag, "remote", remote);
        }

        // Section 7.3.1.4: triggered checks.
        var pair = FindPair(socket, remote);
        if (pair is null)
        {
            pair = TryAddPair(local, remoteCandidate);
            if (pair is null)
            {
                return;
            }

            if (_state == IceAgentState.Checking || _selected is null)
            {
                pair.State = IceCandidatePairState.Waiting;
                _triggered.Enqueue((pair, false));
            }
        }
        else if (_selected is null)
        {
            switch (pair.State)
            {
                case IceCandidatePairState.InProgress:
                    if (pair.TransactionId is { } tid)
                    {
                        _transactions.StopRetransmitting(tid);
                    }

                    _triggered.Enqueue((pair, false));
                    break;
                case IceCandidatePairState.Waiting or IceCandidatePairState.Frozen or IceCandidatePairState.Failed:
                    pair.State = IceCandidatePairState.Waiting;
                    _triggered.Enqueue((pair, false));
                    break;
                default:
                    break;
            }
        }

        // Section 7.3.1.5: nomination by the controlling peer.
        if (request.UseCandidate && Role == IceRole.Controlled)
        {
            var order = ++_nominationCounter;
            if (pair.State == IceCandidatePairState.Succeeded)
            {
                foreach (var valid in _valid.Where(v => v.Socket == pair.Socket && v.Remote.EndPoint.Equals(pair.Remote.EndPoint)))
                {
                    valid.IsNominated = true;
                    valid.NominationOrder = order;
                }

                pair.IsNominated = true;
                pair.NominationOrder = order;
                Select();
            }
            else
            {
                pair.NominateOnSuccess = true;
                pair.NominationOrder = order;
            }
        }
    }

    private void SendError(IIceSocket socket, IPEndPoint remote, StunMessage request, int code, string reason, bool authenticated)
    {
        var bytes = new StunMessageBuilder(StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId.Span)
            .AddErrorCode(code, reason)
            .Build(authenticated ? _localKey : default);
        socket.Send(bytes, remote);
    }

}
