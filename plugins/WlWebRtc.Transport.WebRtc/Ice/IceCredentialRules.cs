namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>RFC 8839 section 5.4: ice-ufrag is 4–256 ice-chars, ice-pwd 22–256 (ice-char = ALPHA / DIGIT / "+" / "/").</summary>
internal static class IceCredentialRules
{
    public static bool IsValidUfrag(string? value) => IsIceChars(value, 4);

    public static bool IsValidPwd(string? value) => IsIceChars(value, 22);

    private static bool IsIceChars(string? value, int minimum) =>
        value is not null && value.Length >= minimum && value.Length <= 256 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
}
