using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace WlWebRtc.Whip.Tests.Unit;

/// <summary>A WHIP endpoint in memory: answers each request with what the test's function returns, and records them.</summary>
internal sealed class FakeWhipEndpoint(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public static readonly Uri Url = new("https://sfu.example/whip/room1");

    public const string AnswerSdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType)> Requests { get; } = new();

    public int Count(HttpMethod method) => Requests.Count(r => r.Method == method);

    public static HttpResponseMessage Created(string location = "/whip/room1/resource/abc", params string[] links)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(AnswerSdp, Encoding.UTF8, "application/sdp") };
        response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
        foreach (var link in links)
        {
            response.Headers.TryAddWithoutValidation("Link", link);
        }

        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode status, string body = "", string mediaType = "text/plain") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType));
        var response = answer(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
