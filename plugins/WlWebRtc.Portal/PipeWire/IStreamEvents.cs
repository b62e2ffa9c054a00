namespace WlWebRtc.Portal.PipeWire;

internal enum StreamState
{
    Error = -1,
    Unconnected = 0,
    Connecting = 1,
    Paused = 2,
    Streaming = 3,
}

/// <summary>What a <see cref="PipeWireVideoStream"/> reports, on the PipeWire loop thread with the loop locked.</summary>
internal unsafe interface IStreamEvents
{
    void OnStateChanged(StreamState previous, StreamState state, string? error);

    /// <summary>A param changed; <paramref name="pod"/> is empty when it was cleared.</summary>
    void OnParamChanged(uint id, ReadOnlySpan<byte> pod);

    void OnAddBuffer(Interop.PipeWire.PwBuffer* buffer);

    void OnRemoveBuffer(Interop.PipeWire.PwBuffer* buffer);

    void OnProcess();

    /// <summary>A callback threw; it was caught before reaching native code.</summary>
    void OnCallbackFailed(Exception exception);
}
