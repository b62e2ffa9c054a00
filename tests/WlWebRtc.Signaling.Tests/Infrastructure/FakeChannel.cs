using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using WlWebRtc.Signaling.WebSocket.Session;

namespace WlWebRtc.Signaling.Tests.Infrastructure;

/// <summary>An in-memory signaling channel: the test plays the viewer.</summary>
internal sealed class FakeChannel : ISignalingChannel
{
    private readonly Channel<ChannelMessage> _incoming = Channel.CreateUnbounded<ChannelMessage>();
    private readonly Channel<JsonElement> _outgoing = Channel.CreateUnbounded<JsonElement>();

    public int? CloseCode { get; private set; }

    /// <summary>Messages the session has not read yet.</summary>
    public int Pending => _incoming.Reader.Count;

    public void Send(string json) => _incoming.Writer.TryWrite(new ChannelMessage(ChannelMessageKind.Text, System.Text.Encoding.UTF8.GetBytes(json)));

    public void SendRaw(ChannelMessage message) => _incoming.Writer.TryWrite(message);

    public void Disconnect() => _incoming.Writer.TryWrite(ChannelMessage.Closed);

    /// <summary>The next message the server sent (fails after 5 s).</summary>
    public async Task<JsonElement> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _outgoing.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Skips messages until one of <paramref name="type"/> arrives.</summary>
    public async Task<JsonElement> NextOfTypeAsync(string type)
    {
        while (true)
        {
            var message = await NextAsync();
            if (message.GetProperty("type").GetString() == type)
            {
                return message;
            }
        }
    }

    public bool TryNext(out JsonElement message) => _outgoing.Reader.TryRead(out message);

    public async ValueTask<ChannelMessage> ReceiveAsync(CancellationToken cancellationToken) => await _incoming.Reader.ReadAsync(cancellationToken);

    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(utf8);
        _outgoing.Writer.TryWrite(document.RootElement.Clone());
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        CloseCode ??= code;
        _incoming.Writer.TryWrite(ChannelMessage.Closed);
        return ValueTask.CompletedTask;
    }
}
