using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using WlWebRtc.Transport;

namespace WlWebRtc.Publish.Whip.Http;

/// <summary>A published session at the endpoint: its resource URL, the answer, and the ICE servers named in the answer's Link headers.</summary>
internal sealed record WhipResource(Uri Location, string AnswerSdp, IReadOnlyList<IceServer> IceServers);

/// <summary>
/// The HTTP side of a WHIP client (RFC 9725): OPTIONS for the ICE servers, POST of the offer (201 + Location + SDP
/// answer), DELETE of the resource. Bodies are bounded; the bearer token goes only to the endpoint's own origin (a
/// Location elsewhere gets its DELETE without it); a refusal carries the status and the reason from the body.
/// </summary>
internal sealed class WhipClient(HttpClient http, Uri endpoint, string? bearerToken)
{
    /// <summary>Largest answer or error body read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Longest reason quoted from an error body.</summary>
    public const int MaxReasonLength = 200;

    private const string SdpMediaType = "application/sdp";

    public Uri Endpoint => endpoint;

    /// <summary>An HTTP client for one publisher: no cookies, bounded headers, the request timeout.</summary>
    public static HttpClient CreateHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        UseCookies = false,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        MaxResponseHeadersLength = 64,
        ConnectTimeout = timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = timeout,
        MaxResponseContentBufferSize = MaxBodyBytes,
    };

    /// <summary>The ICE servers the endpoint names in an OPTIONS answer's Link headers; none when it names none or fails.</summary>
    public async Task<IReadOnlyList<IceServer>> QueryIceServersAsync(CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Options, endpoint);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? IceServersOf(response) : [];
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    /// <summary>Posts the offer; returns the resource or throws <see cref="WhipEndpointException"/> with the endpoint's reason.</summary>
    public async Task<WhipResource> PublishAsync(string offerSdp, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Post, endpoint);
        request.Content = new StringContent(offerSdp, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(SdpMediaType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw Refused(response, body);
        }

        if (response.Headers.Location is not { } location)
        {
            throw new WhipEndpointException(201, "the endpoint answered 201 without a Location header", null);
        }

        if (!string.Equals(response.Content.Headers.ContentType?.MediaType, SdpMediaType, StringComparison.OrdinalIgnoreCase) || !body.StartsWith("v=0", StringComparison.Ordinal))
        {
            throw new WhipEndpointException(201, $"the endpoint answered 201 without an SDP answer (Content-Type {response.Content.Headers.ContentType?.MediaType ?? "none"})", null);
        }

        var resource = new Uri(response.RequestMessage?.RequestUri ?? endpoint, location);
        if (resource.Scheme is not ("http" or "https"))
        {
            throw new WhipEndpointException(201, $"the endpoint's Location is not an http(s) URL: '{Sanitize(location.OriginalString)}'", null);
        }

        return new WhipResource(resource, body, IceServersOf(response));
    }

    /// <summary>Ends the session at the endpoint (RFC 9725 section 4.3); a 404 means it is gone already.</summary>
    public async Task DeleteAsync(Uri resource, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Delete, resource);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
        {
            throw Refused(response, await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The endpoint's refusal as a sentence: status, reason phrase, and what its body says.</summary>
    internal static WhipEndpointException Refused(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var what = status switch
        {
            401 => "not authorized (check bearer_token)",
            403 => "forbidden (the token may not publish here, or the stream is taken)",
            404 => "no such endpoint (check url)",
            405 => "the URL does not accept WHIP POSTs (check url)",
            409 => "conflict (another publisher holds the stream)",
            415 => "the endpoint does not accept application/sdp",
            422 => "the endpoint cannot use the offer (codec or SDP refused)",
            429 => "too many requests",
            _ when status >= 500 => "the endpoint failed",
            _ => "unexpected answer",
        };
        var reason = ReasonOf(body);
        var message = $"WHIP endpoint answered {status.ToString(CultureInfo.InvariantCulture)} {Sanitize(response.ReasonPhrase ?? string.Empty)}: {what}" + (reason.Length > 0 ? $"; it says: {reason}" : string.Empty);
        return new WhipEndpointException(status, message, RetryAfterOf(response));
    }

    /// <summary>The reason in an error body: a JSON object's reason/error/message, else the text itself; printable and short.</summary>
    internal static string ReasonOf(string body)
    {
        var text = body.Trim();
        if (text.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
                foreach (var name in new[] { "reason", "error", "message", "detail", "title" })
                {
                    if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        text = value.GetString() ?? string.Empty;
                        break;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: quote the text.
            }
        }

        return Sanitize(text);
    }

    private static string Sanitize(string text)
    {
        var clean = new StringBuilder(Math.Min(text.Length, MaxReasonLength));
        foreach (var c in text)
        {
            if (clean.Length >= MaxReasonLength)
            {
                clean.Append('…');
                break;
            }

            clean.Append(char.IsControl(c) ? ' ' : c);
        }

        return clean.ToString().Trim();
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    private static IReadOnlyList<IceServer> IceServersOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links) ? IceServerLinks.Parse(links) : [];

    private HttpRequestMessage NewRequest(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (bearerToken is not null && Uri.Compare(uri, endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new WhipEndpointException($"cannot reach the WHIP endpoint {request.RequestUri?.GetLeftPart(UriPartial.Path)}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WhipEndpointException($"the WHIP endpoint {request.RequestUri?.GetLeftPart(UriPartial.Path)} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }
    }

    /// <summary>The body as text, at most <see cref="MaxBodyBytes"/> (a longer one is an error).</summary>
    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new WhipEndpointException((int)response.StatusCode, $"the WHIP endpoint's answer is larger than {MaxBodyBytes} bytes", null);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBodyBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > MaxBodyBytes)
            {
                throw new WhipEndpointException((int)response.StatusCode, $"the WHIP endpoint's answer is larger than {MaxBodyBytes} bytes", null);
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
    }
}
