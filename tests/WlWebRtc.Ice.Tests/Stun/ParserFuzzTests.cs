using System.Net;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Testing;

namespace WlWebRtc.Ice.Tests.Stun;

/// <summary>
/// 10^5+ seeded random and mutated inputs per parser: the STUN/TURN parsers throw nothing but
/// <see cref="StunParseException"/>, and the agent's receive path throws nothing at all.
/// </summary>
public sealed class ParserFuzzTests
{
    private const int Iterations = 120_000;

    [Fact]
    public void Parse_RandomAndMutatedInputs_OnlyStunParseException()
    {
        var random = new Random(20261204);
        var seeds = Seeds();
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = Input(random, seeds, i);
            try
            {
                var m = StunMessage.Parse(input);
                parsed++;
                Touch(m);
            }
            catch (StunParseException)
            {
            }

            try
            {
                ChannelData.Decode(input);
            }
            catch (StunParseException)
            {
            }

            if (input.Length >= 4)
            {
                try
                {
                    TurnStreamFramer.FrameLength(input);
                }
                catch (StunParseException)
                {
                }
            }
        }

        Assert.True(parsed > Iterations / 20, $"only {parsed} inputs parsed: the mutations do not reach the attribute decoders");
    }

    [Fact]
    public void Receive_RandomAndMutatedInputs_NeverThrows()
    {
        var random = new Random(7675);
        var seeds = Seeds();
        var network = new InMemoryNetwork();
        var socket = network.Socket("10.0.0.1:1000");
        using var agent = new IceAgent(IceRole.Controlled, time: new ManualTimeProvider(TimeSpan.FromDays(1)), localCredentials: new IceCredentials("evtj", Rfc5769Vectors.Password));
        agent.AddHostCandidate(socket);
        agent.SetRemoteCredentials("h6vY", "remote-password-0123456789");
        agent.Start();
        var from = IPEndPoint.Parse("10.0.0.2:2000");
        for (var i = 0; i < Iterations; i++)
        {
            agent.Receive(socket, from, Input(random, seeds, i));
        }

        Assert.Equal(IceAgentState.Checking, agent.State);
    }

    private static void Touch(StunMessage m)
    {
        _ = m.Method;
        _ = m.Class;
        _ = m.Username;
        _ = m.Realm;
        _ = m.Nonce;
        _ = m.Software;
        _ = m.Priority;
        _ = m.Lifetime;
        _ = m.IceControlling;
        _ = m.IceControlled;
        _ = m.UseCandidate;
        _ = m.Data;
        _ = m.ChannelNumber;
        _ = m.Error;
        _ = m.XorMappedAddress;
        _ = m.XorRelayedAddress;
        _ = m.XorPeerAddress;
        _ = m.MappedAddress;
        _ = m.UnknownComprehensionRequired();
        _ = m.VerifyIntegrity(StunIntegrity.ShortTermKey(Rfc5769Vectors.Password));
        _ = m.VerifyFingerprint();
    }

    private static byte[] Input(Random random, List<byte[]> seeds, int i)
    {
        if (i % 10 == 0)
        {
            var noise = new byte[random.Next(0, 120)];
            random.NextBytes(noise);
            if (noise.Length >= 8 && random.Next(2) == 0)
            {
                noise[0] &= 0x3F;
                noise[4] = 0x21;
                noise[5] = 0x12;
                noise[6] = 0xA4;
                noise[7] = 0x42;
            }

            return noise;
        }

        var input = (byte[])seeds[random.Next(seeds.Count)].Clone();
        var mutations = random.Next(1, 4);
        for (var k = 0; k < mutations && input.Length > 0; k++)
        {
            switch (random.Next(5))
            {
                case 0:
                    input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                    break;
                case 2:
                    // Attribute lengths and types live at offsets 20 + 4k: hit them often.
                    var at = 20 + (4 * random.Next(Math.Max(1, (input.Length - 20) / 4)));
                    if (at + 1 < input.Length)
                    {
                        input[at + random.Next(4) % Math.Max(1, input.Length - at)] = (byte)random.Next(256);
                    }

                    break;
                case 3:
                    input = input[..random.Next(input.Length)];
                    break;
                default:
                    var extra = new byte[random.Next(1, 9)];
                    random.NextBytes(extra);
                    input = [.. input, .. extra];
                    break;
            }
        }

        return input;
    }

    private static List<byte[]> Seeds()
    {
        var tid = StunMessageBuilder.NewTransactionId();
        var peer = IPEndPoint.Parse("203.0.113.5:4000");
        return
        [
            Rfc5769Vectors.Request,
            Rfc5769Vectors.Ipv4Response,
            Rfc5769Vectors.Ipv6Response,
            Rfc5769Vectors.LongTermRequest,
            new StunMessageBuilder(StunMethod.Allocate, StunClass.SuccessResponse, tid)
                .AddXorAddress(StunAttributeType.XorRelayedAddress, peer)
                .AddXorAddress(StunAttributeType.XorMappedAddress, IPEndPoint.Parse("[2001:db8::1]:5"))
                .AddUInt32(StunAttributeType.Lifetime, 600).Build(),
            new StunMessageBuilder(StunMethod.Allocate, StunClass.ErrorResponse, tid)
                .AddErrorCode(401, "Unauthorized").AddString(StunAttributeType.Realm, "r").AddString(StunAttributeType.Nonce, "n0nce").Build(),
            new StunMessageBuilder(StunMethod.Data, StunClass.Indication, tid)
                .AddXorAddress(StunAttributeType.XorPeerAddress, peer).Add(StunAttributeType.Data, [1, 2, 3, 4, 5]).Build(fingerprint: false),
            new StunMessageBuilder(StunMethod.ChannelBind, StunClass.Request, tid)
                .AddChannelNumber(0x4001).AddXorAddress(StunAttributeType.XorPeerAddress, peer).Build(StunIntegrity.LongTermKey("u", "r", "p")),
            new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid)
                .AddString(StunAttributeType.Username, "evtj:h6vY").AddUInt32(StunAttributeType.Priority, 1)
                .AddUInt64(StunAttributeType.IceControlling, 9).Add(StunAttributeType.UseCandidate, [])
                .Build(StunIntegrity.ShortTermKey(Rfc5769Vectors.Password)),
            ChannelData.Encode(0x4001, [9, 8, 7], pad: true),
        ];
    }
}
