namespace WlWebRtc.Testing.Desktop;

internal static class LogFiles
{
    public static string Tail(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return all.Length == 0 ? "(empty log)" : string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException exception)
        {
            return $"(log {path} unreadable: {exception.Message})";
        }
        catch (UnauthorizedAccessException exception)
        {
            return $"(log {path} unreadable: {exception.Message})";
        }
    }
}
