namespace WlWebRtc.Wayland.DataControl;

/// <summary>A data-control offer the compositor introduced: its object id and the MIME types announced for it so far.</summary>
internal sealed class DataControlOffer(uint id)
{
    /// <summary>Past this many types the offer's further types are ignored (a client cannot grow the list without end).</summary>
    public const int MaxMimeTypes = 64;

    private readonly List<string> _mimeTypes = [];

    public uint Id { get; } = id;

    public IReadOnlyList<string> MimeTypes => _mimeTypes;

    public void Add(string mimeType)
    {
        if (_mimeTypes.Count < MaxMimeTypes && !_mimeTypes.Contains(mimeType, StringComparer.Ordinal))
        {
            _mimeTypes.Add(mimeType);
        }
    }
}
