using WlWebRtc.Sctp;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>Data channels: SCTP (the SCTP library) over DTLS application data.</summary>
internal sealed partial class WebRtcPeerSession
{
    private SctpAssociation? _sctp;

    public ValueTask SendDataAsync(DataChannelMessage message, CancellationToken cancellationToken)
    {
        var sctp = _sctp ?? throw new InvalidOperationException($"Session {Id} has no data channel association (not connected, or none negotiated).");
        var channel = sctp.DataChannels.FirstOrDefault(c => c.Label == message.Label && c.State is DataChannelState.Open)
            ?? sctp.DataChannels.FirstOrDefault(c => c.Label == message.Label && c.State is DataChannelState.Connecting)
            ?? sctp.OpenDataChannel(message.Label);
        if (!channel.Send(message.Data.Span, message.IsBinary))
        {
            throw new InvalidOperationException($"Data channel '{message.Label}' of session {Id} cannot send now (state {channel.State}, {channel.BufferedAmount} bytes buffered).");
        }

        return ValueTask.CompletedTask;
    }

    private void StartData()
    {
        if (_negotiated?.Data is not { } data || _dtls is not { } dtls)
        {
            return;
        }

        var options = SessionMediaOptions.Data(data, dtls.IsClient, _transport.Options.Mtu);
        var sctp = new SctpAssociation(options, packet => dtls.Send(packet), _transport.Time,
            _transport.LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Sctp"));
        sctp.DataChannelOpened += OnChannelOpened;
        Volatile.Write(ref _sctp, sctp);
        sctp.Start();
    }

    private void OnChannelOpened(DataChannel channel)
    {
        channel.MessageReceived += OnChannelMessage;
        try
        {
            _observer.OnDataChannelOpened(this, channel.Label);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): observer bugs stay out of the DTLS thread
        catch (Exception ex)
        {
            Log.ObserverThrew(_logger, ex, Id);
        }
    }

    private void OnChannelMessage(DataChannel channel, ReadOnlySpan<byte> data, bool isBinary)
    {
        // The contract hands out memory valid during the call; a span cannot travel in the record, so copy.
        try
        {
            _observer.OnDataChannelMessage(this, new DataChannelMessage(channel.Label, data.ToArray(), isBinary));
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): observer bugs stay out of the DTLS thread
        catch (Exception ex)
        {
            Log.ObserverThrew(_logger, ex, Id);
        }
    }

    /// <summary>DTLS application data is SCTP; without an association it is unexpected.</summary>
    private void OnApplicationData(ReadOnlySpan<byte> record)
    {
        Volatile.Write(ref _peerConfirmed, true);
        _ice.NoteSelectedPairTraffic(); // DTLS records are taken from the selected pair only
        if (Volatile.Read(ref _sctp) is { } sctp)
        {
            sctp.HandlePacket(record);
        }
        else
        {
            CountMalformed();
        }
    }

    private long DataChannelMalformed()
    {
        if (Volatile.Read(ref _sctp) is not { } sctp)
        {
            return 0;
        }

        var s = sctp.GetStatistics();
        return s.ChecksumErrors + s.MalformedPackets + s.WrongVerificationTag;
    }

    private void CloseData()
    {
        var sctp = Interlocked.Exchange(ref _sctp, null);
        sctp?.Dispose();
    }
}
