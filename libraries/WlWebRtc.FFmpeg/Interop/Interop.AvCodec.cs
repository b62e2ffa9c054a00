using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

internal static partial class Interop
{
    /// <summary>libavcodec: codec lookup, contexts, the send/receive API and packets.</summary>
    internal static partial class AvCodec
    {
        internal const int AV_PKT_FLAG_KEY = 1;

        [LibraryImport(Libraries.AvCodec)]
        internal static partial uint avcodec_version();

        [LibraryImport(Libraries.AvCodec, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint avcodec_find_encoder_by_name(string name);

        [LibraryImport(Libraries.AvCodec, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial nint avcodec_find_decoder_by_name(string name);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial nint avcodec_alloc_context3(nint codec);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial void avcodec_free_context(ref nint context);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int avcodec_open2(nint context, nint codec, nint options);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int avcodec_send_frame(nint context, nint frame);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int avcodec_receive_packet(nint context, nint packet);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int avcodec_send_packet(nint context, nint packet);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int avcodec_receive_frame(nint context, nint frame);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial nint av_packet_alloc();

        [LibraryImport(Libraries.AvCodec)]
        internal static partial void av_packet_free(ref nint packet);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial void av_packet_unref(nint packet);

        [LibraryImport(Libraries.AvCodec)]
        internal static partial int av_new_packet(nint packet, int size);
    }
}
