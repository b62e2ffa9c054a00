namespace WlWebRtc.Capture;

/// <summary>
/// A running source of frames. Frames are pushed to an <see cref="IVideoFrameSink"/> from the source's own
/// thread; the sink never blocks it. Feature interfaces (e.g. a portal session that an input plugin shares)
/// are reached through <see cref="GetFeature{TFeature}"/>.
/// </summary>
public interface ICaptureSource : IAsyncDisposable
{
    /// <summary>A short description (output name, size) for logs and status.</summary>
    string Description { get; }

    /// <summary>Starts delivering frames to <paramref name="sink"/>.</summary>
    ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken);

    /// <summary>Stops delivering frames; the sink receives <see cref="IVideoFrameSink.OnStopped"/> with no error.</summary>
    ValueTask StopAsync(CancellationToken cancellationToken);

    /// <summary>An optional capability of this source, or null.</summary>
    TFeature? GetFeature<TFeature>()
        where TFeature : class => this as TFeature;
}
