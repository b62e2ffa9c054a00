using System.Security.Cryptography;
using WlWebRtc.Signaling;

namespace WlWebRtc.Host.Server;

/// <summary>
/// The tokens viewers present. The viewer token (configured or random at start) grants viewing; a configured
/// control token grants control. Without a control token, the first viewer to connect gets control.
/// Comparison is constant-time (<see cref="SecretToken"/>).
/// </summary>
internal sealed class AccessTokens
{
    private readonly SecretToken _viewToken;
    private readonly SecretToken? _controlToken;

    public AccessTokens(string? viewToken, string? controlToken)
    {
        ViewToken = viewToken ?? Generate();
        _viewToken = new SecretToken(ViewToken);
        _controlToken = controlToken is null ? null : new SecretToken(controlToken);
    }

    public string ViewToken { get; }

    public bool HasControlToken => _controlToken is not null;

    public ViewerAccess? Authenticate(string? presented)
    {
        // Both comparisons run whatever the first one found, so that the time taken does not tell which token matched.
        var control = _controlToken is not null && _controlToken.Matches(presented);
        var view = _viewToken.Matches(presented);
        return control ? new ViewerAccess(ViewerRole.Control) : view ? new ViewerAccess(ViewerRole.View) : null;
    }

    /// <summary>A random 128-bit token, URL-safe.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
