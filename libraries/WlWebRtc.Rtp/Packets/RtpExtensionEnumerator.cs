namespace WlWebRtc.Rtp.Packets;

/// <summary>
/// Walks the elements of an RTP header extension block (RFC 8285): one-byte form (profile 0xBEDE) or
/// two-byte form (0x100x). Other profiles yield nothing. Stops at the first malformed element.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _offset;

    public RtpExtensionEnumerator(ReadOnlySpan<byte> data, ushort profile)
    {
        _data = data;
        _oneByte = profile == RtpHeader.OneByteExtensionProfile;
        _twoByte = (profile & 0xFFF0) == 0x1000;
        _offset = 0;
        CurrentId = 0;
        CurrentValue = default;
    }

    public int CurrentId { get; private set; }

    public ReadOnlySpan<byte> CurrentValue { get; private set; }

    public bool MoveNext()
    {
        while (_offset < _data.Length)
        {
            if (_oneByte)
            {
                var b = _data[_offset];
                if (b == 0)
                {
                    _offset++;
                    continue;
                }

                var id = b >> 4;
                if (id == 15)
                {
                    _offset = _data.Length;
                    return false;
                }

                var length = (b & 0x0F) + 1;
                if (_offset + 1 + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                CurrentId = id;
                CurrentValue = _data.Slice(_offset + 1, length);
                _offset += 1 + length;
                return true;
            }

            if (_twoByte)
            {
                var id = _data[_offset];
                if (id == 0)
                {
                    _offset++;
                    continue;
                }

                if (_offset + 2 > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                var length = _data[_offset + 1];
                if (_offset + 2 + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                CurrentId = id;
                CurrentValue = _data.Slice(_offset + 2, length);
                _offset += 2 + length;
                return true;
            }

            return false;
        }

        return false;
    }
}
