namespace WlWebRtc.Rtp.Srtp;

/// <summary>
/// A sliding replay window over packet indices (RFC 3711 section 3.3.2): indices older than the window
/// or already seen are rejected. Check first, then mark once the packet authenticated.
/// </summary>
internal sealed class ReplayWindow
{
    private readonly ulong[] _bits;
    private readonly int _size;
    private ulong _highest;
    private bool _any;

    public ReplayWindow(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64);
        _size = (size + 63) / 64 * 64;
        _bits = new ulong[_size / 64];
    }

    public ulong Highest => _highest;

    public bool HasAny => _any;

    public bool IsAcceptable(ulong index)
    {
        if (!_any || index > _highest)
        {
            return true;
        }

        var age = _highest - index;
        if (age >= (ulong)_size)
        {
            return false;
        }

        return !IsSet(index);
    }

    public void Mark(ulong index)
    {
        if (!_any)
        {
            _any = true;
            _highest = index;
            Array.Clear(_bits);
            Set(index);
            return;
        }

        if (index > _highest)
        {
            var advance = index - _highest;
            if (advance >= (ulong)_size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (var i = _highest + 1; i <= index; i++)
                {
                    Clear(i);
                }
            }

            _highest = index;
        }

        Set(index);
    }

    private bool IsSet(ulong index)
    {
        var bit = (int)(index % (ulong)_size);
        return (_bits[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private void Set(ulong index)
    {
        var bit = (int)(index % (ulong)_size);
        _bits[bit >> 6] |= 1UL << (bit & 63);
    }

    private void Clear(ulong index)
    {
        var bit = (int)(index % (ulong)_size);
        _bits[bit >> 6] &= ~(1UL << (bit & 63));
    }
}
