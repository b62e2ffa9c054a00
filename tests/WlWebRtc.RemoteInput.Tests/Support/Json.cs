namespace WlWebRtc.RemoteInput.Tests.Support;

internal static class Json
{
    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
