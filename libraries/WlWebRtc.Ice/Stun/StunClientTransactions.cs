using System.Buffers.Binary;

namespace WlWebRtc.Ice.Stun;

/// <summary>How a client transaction ended: with a response (success or error), or with no answer in time.</summary>
internal readonly record struct StunTransactionOutcome(StunMessage? Response, object? Context, object? Arrival = null)
{
    public bool TimedOut => Response is null;
}

/// <summary>
/// The client transactions of one STUN user (RFC 8489 section 6.2): sends a request, retransmits it on the
/// schedule of <see cref="StunRetransmission"/> over unreliable transports, matches responses by transaction id
/// and reports each transaction's outcome once. Thread-safe; outcomes are reported outside its lock, on the
/// thread that delivered the response or on the timer's thread.
/// </summary>
internal sealed class StunClientTransactions : IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<UInt128, Transaction> _pending = [];
    private bool _disposed;

    public StunClientTransactions(TimeProvider time)
    {
        _time = time;
    }

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> now and on the schedule. <paramref name="responseKey"/>, when given, must
    /// authenticate success responses (MESSAGE-INTEGRITY); a response that fails it is ignored, as if lost.
    /// </summary>
    public void Start(
        byte[] request,
        Action<byte[]> send,
        bool reliable,
        StunRetransmission schedule,
        Action<StunTransactionOutcome> completed,
        object? context = null,
        byte[]? responseKey = null)
    {
        var key = KeyOf(request.AsSpan(8, StunConstants.TransactionIdLength));
        var transaction = new Transaction(request, send, reliable, schedule, completed, context, responseKey);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_pending.TryAdd(key, transaction))
            {
                throw new InvalidOperationException("A transaction with this id is already pending.");
            }

            transaction.Timer = _time.CreateTimer(static s => ((Transaction)s!).Owner!.OnTimer((Transaction)s), transaction, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            transaction.Owner = this;
            transaction.Timer.Change(schedule.WaitAfter(0, reliable), Timeout.InfiniteTimeSpan);
        }

        send(request);
    }

    /// <summary>Starts a transaction and returns its response (success or error); throws <see cref="StunTimeoutException"/> without one.</summary>
    public async Task<StunMessage> SendAsync(byte[] request, Action<byte[]> send, bool reliable, StunRetransmission schedule, byte[]? responseKey, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<StunMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(
            request,
            send,
            reliable,
            schedule,
            outcome =>
            {
                if (outcome.Response is { } r)
                {
                    tcs.TrySetResult(r);
                }
                else
                {
                    tcs.TrySetException(new StunTimeoutException($"No response to the STUN {StunMessageType.Method(BinaryPrimitives.ReadUInt16BigEndian(request))} request within {schedule.Schedule(reliable).Timeout.TotalSeconds:0.#} s."));
                }
            },
            responseKey: responseKey);
        var key = KeyOf(request.AsSpan(8, StunConstants.TransactionIdLength));
        await using var registration = cancellationToken.Register(() =>
        {
            Forget(key);
            tcs.TrySetCanceled(cancellationToken);
        });
        return await tcs.Task;
    }

    /// <summary>
    /// Hands a response to its transaction. True if it belonged to one (it is then consumed). <paramref name="arrival"/>
    /// (where it came from) is passed through to the outcome, for callers that check the path (ICE symmetry).
    /// </summary>
    public bool TryComplete(StunMessage response, object? arrival = null)
    {
        if (response.Class is not (StunClass.SuccessResponse or StunClass.ErrorResponse))
        {
            return false;
        }

        var key = KeyOf(response.TransactionId.Span);
        Transaction? transaction;
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out transaction))
            {
                return false;
            }

            if (transaction.ResponseKey is { } k &&
                (response.HasIntegrity ? !response.VerifyIntegrity(k) : response.Class == StunClass.SuccessResponse))
            {
                return true; // not authentic: treated as lost, the transaction keeps waiting
            }

            _pending.Remove(key);
            transaction.Timer?.Dispose();
        }

        transaction.Completed(new StunTransactionOutcome(response, transaction.Context, arrival));
        return true;
    }

    /// <summary>Stops retransmitting but keeps waiting for a response (RFC 8445 section 7.2.5.4 "cancel").</summary>
    public void StopRetransmitting(ReadOnlySpan<byte> transactionId)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(KeyOf(transactionId), out var t) && !t.Reliable)
            {
                t.Sent = t.Schedule.MaxRequests;
                t.Timer?.Change(t.Schedule.WaitAfter(t.Schedule.MaxRequests - 1, reliable: false), Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Drops a transaction without reporting it.</summary>
    public void Forget(ReadOnlySpan<byte> transactionId) => Forget(KeyOf(transactionId));

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var t in _pending.Values)
            {
                t.Timer?.Dispose();
            }

            _pending.Clear();
        }
    }

    private void Forget(UInt128 key)
    {
        lock (_lock)
        {
            if (_pending.Remove(key, out var t))
            {
                t.Timer?.Dispose();
            }
        }
    }

    private void OnTimer(Transaction transaction)
    {
        bool timedOut;
        lock (_lock)
        {
            var key = KeyOf(transaction.Request.AsSpan(8, StunConstants.TransactionIdLength));
            if (!_pending.TryGetValue(key, out var current) || current != transaction)
            {
                return;
            }

            timedOut = transaction.Reliable || transaction.Sent >= transaction.Schedule.MaxRequests;
            if (timedOut)
            {
                _pending.Remove(key);
                transaction.Timer?.Dispose();
            }
            else
            {
                transaction.Timer?.Change(transaction.Schedule.WaitAfter(transaction.Sent, reliable: false), Timeout.InfiniteTimeSpan);
                transaction.Sent++;
            }
        }

        if (timedOut)
        {
            transaction.Completed(new StunTransactionOutcome(null, transaction.Context));
        }
        else
        {
            transaction.Send(transaction.Request);
        }
    }

    private static UInt128 KeyOf(ReadOnlySpan<byte> transactionId) =>
        new(BinaryPrimitives.ReadUInt32BigEndian(transactionId), BinaryPrimitives.ReadUInt64BigEndian(transactionId[4..]));

    private sealed class Transaction(byte[] request, Action<byte[]> send, bool reliable, StunRetransmission schedule, Action<StunTransactionOutcome> completed, object? context, byte[]? responseKey)
    {
        public byte[] Request { get; } = request;

        public Action<byte[]> Send { get; } = send;

        public bool Reliable { get; } = reliable;

        public StunRetransmission Schedule { get; } = schedule;

        public Action<StunTransactionOutcome> Completed { get; } = completed;

        public object? Context { get; } = context;

        public byte[]? ResponseKey { get; } = responseKey;

        /// <summary>Requests sent so far.</summary>
        public int Sent { get; set; } = 1;

        public ITimer? Timer { get; set; }

        public StunClientTransactions? Owner { get; set; }
    }
}
