using System.Diagnostics;
using System.Threading.Channels;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.DBus.Tests.Integration;

public sealed class SignalTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly DBusDaemon _daemon = DBusDaemon.Start();

    public void Dispose() => _daemon.Dispose();

    [Fact]
    public async Task SubscribeAsync_SignalFromSecondConnection_DeliversOnlyMatchingMember()
    {
        await using var emitter = await _daemon.ConnectAsync();
        await using var listener = await _daemon.ConnectAsync();
        var received = Channel.CreateUnbounded<DBusMessage>();
        await using var subscription = await listener.SubscribeAsync(
            new MatchRule { Sender = emitter.UniqueName, Path = "/org/wlwebrtc/Thing", Interface = "org.wlwebrtc.Thing", Member = "Changed" },
            m => received.Writer.TryWrite(m));

        emitter.EmitSignal("/org/wlwebrtc/Thing", "org.wlwebrtc.Thing", "Other", "s", ["ignored"]);
        emitter.EmitSignal("/org/wlwebrtc/Elsewhere", "org.wlwebrtc.Thing", "Changed", "s", ["ignored"]);
        emitter.EmitSignal("/org/wlwebrtc/Thing", "org.wlwebrtc.Thing", "Changed", "sa{sv}", ["hello", new Dictionary<string, DBusVariant> { ["n"] = new("u", 3u) }]);

        var message = await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal("Changed", message.Member);
        Assert.Equal("/org/wlwebrtc/Thing", message.Path);
        Assert.Equal(emitter.UniqueName, message.Sender);
        Assert.Equal("hello", message.Body[0]);
        Assert.Equal(3u, DBusValue.ToVardict(message.Body[1])["n"].Value);
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_OtherHandlersAndTheConnectionGoOn()
    {
        await using var emitter = await _daemon.ConnectAsync();
        await using var listener = await _daemon.ConnectAsync();
        var received = Channel.CreateUnbounded<DBusMessage>();
        var thrown = 0;
        await using var broken = await listener.SubscribeAsync(new MatchRule { Member = "Boom" }, _ =>
        {
            Interlocked.Increment(ref thrown);
            throw new InvalidOperationException("a handler's bug");
        });
        await using var healthy = await listener.SubscribeAsync(new MatchRule { Member = "Boom" }, m => received.Writer.TryWrite(m));

        emitter.EmitSignal("/", "org.wlwebrtc.Thing", "Boom", "u", [1u]);
        emitter.EmitSignal("/", "org.wlwebrtc.Thing", "Boom", "u", [2u]);

        Assert.Equal(1u, (await received.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Body[0]);
        Assert.Equal(2u, (await received.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Body[0]);
        Assert.Equal(2, Volatile.Read(ref thrown));
        Assert.False(listener.Completion.IsCompleted, "a throwing signal handler ended the connection");
        Assert.Equal(emitter.UniqueName, await listener.GetNameOwnerAsync(emitter.UniqueName).WaitAsync(Wait));
    }

    [Fact]
    public async Task SubscribeAsync_WellKnownSender_MatchesSignalsFromItsOwner()
    {
        await using var emitter = await _daemon.ConnectAsync();
        await using var listener = await _daemon.ConnectAsync();
        await emitter.RequestNameAsync("org.wlwebrtc.Emitter");
        var received = Channel.CreateUnbounded<DBusMessage>();
        await using var subscription = await listener.SubscribeAsync(new MatchRule { Sender = "org.wlwebrtc.Emitter", Member = "Ping" }, m => received.Writer.TryWrite(m));

        emitter.EmitSignal("/", "org.wlwebrtc.Thing", "Ping");

        var message = await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(emitter.UniqueName, message.Sender);
    }

    [Fact]
    public async Task SubscribeAsync_SignalFromDBusSend_Delivered()
    {
        await using var listener = await _daemon.ConnectAsync();
        var received = Channel.CreateUnbounded<DBusMessage>();
        await using var subscription = await listener.SubscribeAsync(new MatchRule { Interface = "org.wlwebrtc.External", Member = "Said" }, m => received.Writer.TryWrite(m));

        using var process = Process.Start(new ProcessStartInfo("dbus-send",
            [$"--bus={_daemon.Address}", "--type=signal", "/org/wlwebrtc/ext", "org.wlwebrtc.External.Said", "string:from dbus-send", "uint32:42", "array:int32:1,2,3"]))!;
        await process.WaitForExitAsync().WaitAsync(Wait);

        var message = await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal("suai", message.Signature);
        Assert.Equal("from dbus-send", message.Body[0]);
        Assert.Equal(42u, message.Body[1]);
        Assert.Equal(new[] { 1, 2, 3 }, (int[])message.Body[2]);
    }

    [Fact]
    public async Task Dispose_Subscription_RemovesMatchRuleAndStopsDelivery()
    {
        await using var emitter = await _daemon.ConnectAsync();
        await using var listener = await _daemon.ConnectAsync();
        var first = Channel.CreateUnbounded<DBusMessage>();
        var second = Channel.CreateUnbounded<DBusMessage>();
        var removed = await listener.SubscribeAsync(new MatchRule { Member = "Tick" }, m => first.Writer.TryWrite(m));
        await using var kept = await listener.SubscribeAsync(new MatchRule { Member = "Tock" }, m => second.Writer.TryWrite(m));

        removed.Dispose();
        emitter.EmitSignal("/", "org.wlwebrtc.Clock", "Tick");
        emitter.EmitSignal("/", "org.wlwebrtc.Clock", "Tock");

        // Signals from one sender arrive in order: once Tock is here, a Tick would have been too.
        await second.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.False(first.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_ConnectionKeepsWorking()
    {
        await using var emitter = await _daemon.ConnectAsync();
        await using var listener = await _daemon.ConnectAsync();
        var received = Channel.CreateUnbounded<DBusMessage>();
        await using var bad = await listener.SubscribeAsync(new MatchRule { Member = "Boom" }, _ => throw new InvalidOperationException("handler bug"));
        await using var good = await listener.SubscribeAsync(new MatchRule { Member = "Boom" }, m => received.Writer.TryWrite(m));

        emitter.EmitSignal("/", "org.wlwebrtc.Thing", "Boom");

        await received.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.True(await listener.NameHasOwnerAsync(emitter.UniqueName));
    }

    [Fact]
    public void MatchRule_ToString_QuotesAndEscapesApostrophes()
    {
        var rule = new MatchRule { Sender = "org.a.B", Path = "/p", Interface = "org.a.I", Member = "M", Arg0 = "it's" };

        Assert.Equal("type='signal',sender='org.a.B',path='/p',interface='org.a.I',member='M',arg0='it'\\''s'", rule.ToString());
    }
}
