using System.Text.Json;
using Microsoft.Playwright;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>Evaluates a script and reads its result into a record (Playwright itself needs settable properties).</summary>
internal static class PageJson
{
    public static async Task<T?> EvaluateJsonAsync<T>(this IPage page, string script, object? argument)
    {
        var result = await page.EvaluateAsync<JsonElement?>(script, argument);
        return result is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } element ? element.Deserialize<T>() : default;
    }
}
