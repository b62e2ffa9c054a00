namespace WlWebRtc.DBus.Protocol;

/// <summary>Validates D-Bus type signatures and splits them into single complete types.</summary>
internal static class SignatureParser
{
    /// <summary>Throws <see cref="DBusProtocolException"/> unless <paramref name="signature"/> is a valid signature (zero or more complete types).</summary>
    public static void Validate(ReadOnlySpan<char> signature)
    {
        if (signature.Length > DBusLimits.MaxSignatureLength)
        {
            throw new DBusProtocolException($"The signature is {signature.Length} characters long; the limit is {DBusLimits.MaxSignatureLength}.");
        }

        var position = 0;
        while (position < signature.Length)
        {
            position = SkipCompleteType(signature, position, 0, 0);
        }
    }

    public static void ValidateSingleCompleteType(ReadOnlySpan<char> signature)
    {
        Validate(signature);
        if (signature.Length == 0 || SkipCompleteType(signature, 0, 0, 0) != signature.Length)
        {
            throw new DBusProtocolException($"'{signature}' is not a single complete D-Bus type.");
        }
    }

    /// <summary>Returns the index just after the complete type starting at <paramref name="position"/>.</summary>
    public static int SkipCompleteType(ReadOnlySpan<char> signature, int position, int arrayDepth, int structDepth)
    {
        if (position >= signature.Length)
        {
            throw new DBusProtocolException($"The signature '{signature}' ends in the middle of a type.");
        }

        var code = signature[position];
        switch (code)
        {
            case 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'h' or 'v':
                return position + 1;
            case 'a':
                if (arrayDepth + 1 > DBusLimits.MaxArrayDepth)
                {
                    throw new DBusProtocolException($"The signature '{signature}' nests arrays deeper than {DBusLimits.MaxArrayDepth}.");
                }

                if (position + 1 < signature.Length && signature[position + 1] == '{')
                {
                    return SkipDictEntry(signature, position + 1, arrayDepth + 1, structDepth);
                }

                return SkipCompleteType(signature, position + 1, arrayDepth + 1, structDepth);
            case '(':
            {
                if (structDepth + 1 > DBusLimits.MaxStructDepth)
                {
                    throw new DBusProtocolException($"The signature '{signature}' nests structs deeper than {DBusLimits.MaxStructDepth}.");
                }

                var p = position + 1;
                if (p < signature.Length && signature[p] == ')')
                {
                    throw new DBusProtocolException($"The signature '{signature}' has an empty struct.");
                }

                while (p < signature.Length && signature[p] != ')')
                {
                    p = SkipCompleteType(signature, p, arrayDepth, structDepth + 1);
                }

                if (p >= signature.Length)
                {
                    throw new DBusProtocolException($"The signature '{signature}' has an unclosed struct.");
                }

                return p + 1;
            }

            case '{':
                throw new DBusProtocolException($"The signature '{signature}' has a dict entry outside an array.");
            default:
                throw new DBusProtocolException($"The signature '{signature}' has an invalid type code '{code}'.");
        }
    }

    public static bool IsBasicType(char code) => code is 'y' or 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd' or 's' or 'o' or 'g' or 'h';

    /// <summary>The alignment in bytes of the type starting with <paramref name="code"/>.</summary>
    public static int Alignment(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'b' or 'i' or 'u' or 's' or 'o' or 'a' or 'h' => 4,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => throw new DBusProtocolException($"Invalid type code '{code}'."),
    };

    private static int SkipDictEntry(ReadOnlySpan<char> signature, int position, int arrayDepth, int structDepth)
    {
        if (structDepth + 1 > DBusLimits.MaxStructDepth)
        {
            throw new DBusProtocolException($"The signature '{signature}' nests structs deeper than {DBusLimits.MaxStructDepth}.");
        }

        var p = position + 1;
        if (p >= signature.Length || !IsBasicType(signature[p]))
        {
            throw new DBusProtocolException($"The signature '{signature}' has a dict entry whose key is not a basic type.");
        }

        p = SkipCompleteType(signature, p + 1, arrayDepth, structDepth + 1);
        if (p >= signature.Length || signature[p] != '}')
        {
            throw new DBusProtocolException($"The signature '{signature}' has a dict entry without exactly one key and one value.");
        }

        return p + 1;
    }
}
