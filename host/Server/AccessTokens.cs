using System.Security.Cryptography;
using WlWebRtc.Signaling;

namespace WlWebRtc.Host.Server;

/// <summary>
/// The tokens viewers present. The viewer token (configured or random at start) grants viewing; a configured
/// control token grants control. Without a control token, the first viewer to connect gets control.
/// Comparison is constant-time.
/// </summary>
internal sealed class AccessTokens
{
    private readonly byte[] _viewToken;
    private readonly byte[]? _controlToken;

    public AccessTokens(string? viewToken, string? controlToken)
    {
        ViewToken = viewToken ?? Generate();
        _viewToken = System.Text.Encoding.UTF8.GetBytes(ViewToken);
        _controlToken = controlToken is null ? null : System.Text.Encoding.UTF8.GetBytes(controlToken);
    }

    public string ViewToken { get; }

    public bool HasControlToken => _controlToken is not null;

    public ViewerAccess? Authenticate(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(presented);
        if (_controlToken is not null && CryptographicOperations.FixedTimeEquals(bytes, _controlToken))
        {
            return new ViewerAccess(ViewerRole.Control);
        }

        return CryptographicOperations.FixedTimeEquals(bytes, _viewToken) ? new ViewerAccess(ViewerRole.View) : null;
    }

    /// <summary>A random 128-bit token, URL-safe.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
