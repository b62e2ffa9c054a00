using System.Net;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Agent;

/// <summary>The check list: pairing, pacing, checks and their outcomes, nomination (RFC 8445 sections 6-8).</summary>
public sealed partial class IceAgent
{
    private sealed record CheckContext(IceCandidatePair Pair, bool UseCandidate, IceRole Role, uint Priority, bool Consent, int Generation);

    /// <summary>Only bases (host, relayed) form pairs: a server-reflexive local would pair through its base, a duplicate (section 6.1.2.4).</summary>
    private IceCandidatePair? TryAddPair(LocalCandidate local, IceCandidate remote)
    {
        if (local.Candidate.Type is not (IceCandidateType.Host or IceCandidateType.Relayed) || local.Candidate.Family != remote.Family)
        {
            return null;
        }

        var existing = FindPair(local.Socket, remote.EndPoint);
        if (existing is not null)
        {
            return existing;
        }

        var pair = new IceCandidatePair(local, remote, PairPriority(local.Candidate, remote)) { State = IceCandidatePairState.Frozen };
        InsertByPriority(_checkList, pair);
        if (_checkList.Count > Options.MaxPairs)
        {
            var lowest = _checkList[^1];
            _checkList.RemoveAt(_checkList.Count - 1);
            if (lowest == pair)
            {
                return null;
            }
        }

        return pair;
    }

    private IceCandidatePair? FindPair(IIceSocket socket, IPEndPoint remote)
    {
        foreach (var p in _checkList)
        {
            if (p.Socket == socket && p.Remote.EndPoint.Equals(remote))
            {
                return p;
            }
        }

        return null;
    }

    private ulong PairPriority(IceCandidate local, IceCandidate remote) =>
        Role == IceRole.Controlling ? IcePriority.Pair(local.Priority, remote.Priority) : IcePriority.Pair(remote.Priority, local.Priority);

    private static void InsertByPriority(List<IceCandidatePair> list, IceCandidatePair pair)
    {
        var index = list.FindIndex(p => p.Priority < pair.Priority);
        list.Insert(index < 0 ? list.Count : index, pair);
    }

    /// <summary>
    /// Section 6.1.2.6 and 7.2.5.3.3, for one component: a foundation with a succeeded pair unfreezes all its pairs;
    /// a foundation with nothing waiting or in progress gets its best frozen pair waiting.
    /// </summary>
    private void UpdateFrozen()
    {
        foreach (var group in _checkList.GroupBy(p => p.Foundation))
        {
            var succeeded = group.Any(p => p.State == IceCandidatePairState.Succeeded);
            var active = group.Any(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress);
            foreach (var p in group)
            {
                if (p.State != IceCandidatePairState.Frozen)
                {
                    continue;
                }

                if (succeeded || !active)
                {
                    p.State = IceCandidatePairState.Waiting;
                    active = true;
                }
            }
        }
    }

    private void OnTick() => RunLocked(() =>
    {
        if (_state is IceAgentState.Closed or IceAgentState.Failed || _remoteKey is null)
        {
            return;
        }

        if (_state == IceAgentState.Connected)
        {
            ConsentTick();
            return;
        }

        // One check per Ta: triggered first (section 6.1.4.2), then the best waiting pair, else the best frozen one.
        while (_triggered.TryDequeue(out var next))
        {
            if (next.Pair.State == IceCandidatePairState.Succeeded && !next.UseCandidate)
            {
                continue;
            }

            SendCheck(next.Pair, next.UseCandidate);
            return;
        }

        var waiting = _checkList.FirstOrDefault(p => p.State == IceCandidatePairState.Waiting) ??
            _checkList.FirstOrDefault(p => p.State == IceCandidatePairState.Frozen);
        if (waiting is not null)
        {
            SendCheck(waiting, useCandidate: false);
            return;
        }

        MaybeNominate();
        CheckForFailure();
    });

    /// <summary>
    /// Regular nomination (section 8.1.1): once the best valid pair can no longer be beaten by a pending check, or
    /// <see cref="IceAgentOptions.NominationDelay"/> after the first success, check it again with USE-CANDIDATE.
    /// </summary>
    private void MaybeNominate()
    {
        if (Role != IceRole.Controlling || _nominating is not null || _selected is not null || _valid.Count == 0)
        {
            return;
        }

        var best = _valid.MaxBy(p => p.Priority)!;
        var pending = _checkList.Any(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Frozen && p.Priority > best.Priority);
        var waited = _firstValidAt is { } first && _time.GetElapsedTime(first) >= Options.NominationDelay;
        if (pending && !waited)
        {
            return;
        }

        _nominating = best;
        SendCheck(best, useCandidate: true);
    }

    private void TryNominateNow()
    {
        // Without pending checks the controlling side need not wait for the next tick.
        if (Role == IceRole.Controlling && !_checkList.Any(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Frozen) && _triggered.Count == 0)
        {
            MaybeNominate();
        }
    }

    private void CheckForFailure()
    {
        if (_state != IceAgentState.Checking || !_remoteComplete || _valid.Count > 0 || _triggered.Count > 0)
        {
            return;
        }

        if (_checkList.All(p => p.State == IceCandidatePairState.Failed))
        {
            SetState(IceAgentState.Failed);
        }
    }

    private void SendCheck(IceCandidatePair pair, bool useCandidate, bool consent = false)
    {
        var priority = IcePriority.Candidate(IceCandidateType.PeerReflexive, pair.LocalEntry.LocalPreference, 1);
        var builder = StunMessageBuilder.Request(StunMethod.Binding)
            .AddString(StunAttributeType.Username, _remoteUfrag + ":" + _localCredentials.Ufrag)
            .AddUInt32(StunAttributeType.Priority, priority)
            .AddUInt64(Role == IceRole.Controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled, TieBreaker);
        if (useCandidate)
        {
            builder.Add(StunAttributeType.UseCandidate, []);
        }

        var request = builder.Build(_remoteKey);
        if (!consent)
        {
            pair.State = IceCandidatePairState.InProgress;
            pair.TransactionId = builder.TransactionId;
        }

        var socket = pair.Socket;
        var remote = pair.Remote.EndPoint;
        _transactions.Start(
            request,
            bytes => socket.Send(bytes, remote),
            reliable: false,
            Options.CheckRetransmission,
            outcome => Contained(() => OnCheckOutcome(outcome)),
            new CheckContext(pair, useCandidate, Role, priority, consent, _generation),
            _remoteKey);
    }

    private void OnCheckOutcome(StunTransactionOutcome outcome) => RunLocked(() =>
    {
        var context = (CheckContext)outcome.Context!;
        var pair = context.Pair;
        if (_state is IceAgentState.Closed or IceAgentState.Failed || context.Generation != _generation)
        {
            return; // closed, or a check from before an ICE restart
        }

        if (context.Consent)
        {
            if (outcome.Response is { Class: StunClass.SuccessResponse } && outcome.Arrival is Arrival a && a.Socket == pair.Socket && a.Remote.Equals(pair.Remote.EndPoint))
            {
                _lastConsentAt = _time.GetTimestamp();
            }

            return;
        }

        if (context.UseCandidate && _nominating == pair && outcome.Response is not { Class: StunClass.SuccessResponse })
        {
            _nominating = null;
        }

        if (outcome.Response is not { } response)
        {
            if (pair.State == IceCandidatePairState.InProgress && !pair.IsValid)
            {
                pair.State = IceCandidatePairState.Failed;
            }

            UpdateFrozen();
            CheckForFailure();
            return;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            if (response.Error is { Code: StunErrorCodes.RoleConflict })
            {
                // Section 7.2.5.1: switch to the role opposite to the one the request claimed, and check again.
                if (context.Role == Role)
                {
                    SwitchRole(Role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
                }

                pair.State = IceCandidatePairState.Waiting;
                _triggered.Enqueue((pair, false));
                return;
            }

            pair.State = IceCandidatePairState.Failed;
            UpdateFrozen();
            CheckForFailure();
            return;
        }

        var arrival = (Arrival)outcome.Arrival!;
        if (arrival.Socket != pair.Socket || !arrival.Remote.Equals(pair.Remote.EndPoint))
        {
            pair.State = IceCandidatePairState.Failed; // section 7.2.5.2.1: not symmetric
            CheckForFailure();
            return;
        }

        var mapped = response.XorMappedAddress is { } m ? StunAddress.Normalize(m) : null;
        if (mapped is null)
        {
            pair.State = IceCandidatePairState.Failed;
            CheckForFailure();
            return;
        }

        pair.State = IceCandidatePairState.Succeeded;
        var valid = ValidPairFor(pair, mapped, context.Priority);
        valid.IsValid = true;
        if (!_valid.Contains(valid))
        {
            InsertByPriority(_valid, valid);
        }

        _firstValidAt ??= _time.GetTimestamp();
        UpdateFrozen();
        if ((context.UseCandidate && Role == IceRole.Controlling) || (Role == IceRole.Controlled && pair.NominateOnSuccess))
        {
            valid.IsNominated = true;
            valid.NominationOrder = Math.Max(valid.NominationOrder, pair.NominationOrder);
            pair.IsNominated = true;
            Select();
        }
        else
        {
            TryNominateNow();
        }
    });

    /// <summary>
    /// Section 7.2.5.3.2: the valid pair's local candidate is the one whose address is the mapped address; if none
    /// has it, a peer-reflexive local candidate is learned (with the priority the request carried).
    /// </summary>
    private IceCandidatePair ValidPairFor(IceCandidatePair pair, IPEndPoint mapped, uint priority)
    {
        if (pair.Local.EndPoint.Equals(mapped) || pair.Local.Type == IceCandidateType.Relayed)
        {
            return pair;
        }

        var local = _locals.FirstOrDefault(l => l.Socket == pair.Socket && l.Candidate.EndPoint.Equals(mapped));
        if (local is null)
        {
            var candidate = new IceCandidate(
                IcePriority.Foundation(IceCandidateType.PeerReflexive, pair.Local.EndPoint.Address, null),
                1,
                priority,
                mapped,
                IceCandidateType.PeerReflexive,
                pair.Local.EndPoint);
            local = new LocalCandidate(candidate, pair.Socket, pair.LocalEntry.LocalPreference);
            _locals.Add(local);
            Log.PeerReflexive(_logger, _localCredentials.Ufrag, "local", mapped);
        }

        var existing = _valid.FirstOrDefault(v => v.LocalEntry == local && v.Remote == pair.Remote);
        return existing ?? new IceCandidatePair(local, pair.Remote, PairPriority(local.Candidate, pair.Remote)) { State = IceCandidatePairState.Succeeded };
    }

    /// <summary>
    /// The nominated valid pair becomes the selected one; checks stop. Controlling: the highest-priority one (section
    /// 8.1.1). Controlled: the one the peer nominated last, because browsers nominate again when they move to another
    /// pair (Chromium does), and the highest-priority rule would keep sending where the peer no longer listens.
    /// </summary>
    private void Select()
    {
        var nominated = _valid.Where(v => v.IsNominated);
        var best = Role == IceRole.Controlled ? nominated.MaxBy(v => (v.NominationOrder, v.Priority)) : nominated.MaxBy(v => v.Priority);
        if (best is null || best == _selected)
        {
            return;
        }

        _selected = best;
        _previousSelected = null;
        _nominating = null;
        _triggered.Clear();
        foreach (var p in _checkList)
        {
            if (p.State is IceCandidatePairState.Waiting or IceCandidatePairState.Frozen)
            {
                p.State = IceCandidatePairState.Failed; // section 8.1.2: no more checks for this stream
            }
        }

        var now = _time.GetTimestamp();
        _lastConsentAt = now;
        _nextConsentAt = now + ConsentDelayTicks();
        Log.PairSelected(_logger, _localCredentials.Ufrag, best);
        SetState(IceAgentState.Connected);
        _timer?.Change(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        if (SelectedPairChanged is { } handler)
        {
            _pendingEvents.Add(() => handler(best));
        }
    }

    /// <summary>RFC 7675: a check on the selected pair every 4-6 s; none answered for the timeout means consent is gone.</summary>
    private void ConsentTick()
    {
        var selected = _selected!;
        var now = _time.GetTimestamp();
        var silence = _time.GetElapsedTime(_lastConsentAt, now);
        if (silence >= Options.ConsentTimeout)
        {
            Log.ConsentLost(_logger, _localCredentials.Ufrag, selected, silence.TotalSeconds);
            SetState(IceAgentState.Failed);
            _timer?.Dispose();
            _timer = null;
            return;
        }

        if (now >= _nextConsentAt)
        {
            _nextConsentAt = now + ConsentDelayTicks();
            SendCheck(selected, useCandidate: false, consent: true);
        }
    }

    private long ConsentDelayTicks()
    {
        var factor = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return (long)(Options.ConsentInterval.TotalSeconds * factor * _time.TimestampFrequency);
    }

    private void SwitchRole(IceRole role)
    {
        Role = role;
        foreach (var p in _checkList)
        {
            p.Priority = PairPriority(p.Local, p.Remote);
        }

        foreach (var v in _valid)
        {
            v.Priority = PairPriority(v.Local, v.Remote);
        }

        _checkList.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        _valid.Sort((a, b) => b.Priority.CompareTo(a.Priority));
        _nominating = null;
        Log.RoleSwitched(_logger, _localCredentials.Ufrag, role);
        if (RoleChanged is { } handler)
        {
            _pendingEvents.Add(() => handler(role));
        }
    }
}
