namespace WlWebRtc.DBus.Protocol;

/// <summary>Name and path grammar of the D-Bus specification ("Valid Names", "Valid Object Paths").</summary>
internal static class Validation
{
    public static bool IsValidObjectPath(ReadOnlySpan<char> path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        if (path.Length == 1)
        {
            return true;
        }

        if (path[^1] == '/')
        {
            return false;
        }

        var previousSlash = true;
        for (var i = 1; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '/')
            {
                if (previousSlash)
                {
                    return false;
                }

                previousSlash = true;
            }
            else if (IsNameChar(c))
            {
                previousSlash = false;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Interface and error names: two or more dot-separated elements of [A-Za-z_][A-Za-z0-9_]*.</summary>
    public static bool IsValidInterfaceName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > DBusLimits.MaxNameLength)
        {
            return false;
        }

        var elements = 0;
        foreach (var range in name.Split('.'))
        {
            var element = name[range];
            if (element.Length == 0 || char.IsAsciiDigit(element[0]))
            {
                return false;
            }

            foreach (var c in element)
            {
                if (!IsNameChar(c))
                {
                    return false;
                }
            }

            elements++;
        }

        return elements >= 2;
    }

    public static bool IsValidMemberName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > DBusLimits.MaxNameLength || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Bus names: unique (":1.42") or well-known ("org.freedesktop.DBus"), elements may hold '-'.</summary>
    public static bool IsValidBusName(ReadOnlySpan<char> name)
    {
        if (name.Length is 0 or > DBusLimits.MaxNameLength)
        {
            return false;
        }

        var unique = name[0] == ':';
        if (unique)
        {
            name = name[1..];
        }

        var elements = 0;
        foreach (var range in name.Split('.'))
        {
            var element = name[range];
            if (element.Length == 0 || (!unique && char.IsAsciiDigit(element[0])))
            {
                return false;
            }

            foreach (var c in element)
            {
                if (!IsNameChar(c) && c != '-')
                {
                    return false;
                }
            }

            elements++;
        }

        return elements >= 2;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
