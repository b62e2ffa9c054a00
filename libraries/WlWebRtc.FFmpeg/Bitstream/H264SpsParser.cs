namespace WlWebRtc.FFmpeg.Bitstream;

/// <summary>Parses an SPS NAL unit (ITU-T H.264 7.3.2.1.1 and E.1.1). Garbage gives <see cref="H264BitstreamException"/>, never anything else.</summary>
public static class H264SpsParser
{
    private static readonly int[] HighProfiles = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

    /// <summary>Parses an SPS NAL unit (header byte included, no start code).</summary>
    public static H264Sps Parse(ReadOnlySpan<byte> nalUnit)
    {
        if (nalUnit.Length < 4)
        {
            throw new H264BitstreamException($"SPS NAL unit of {nalUnit.Length} bytes is too short");
        }

        if ((nalUnit[0] & 0x1f) != AnnexB.Sps || (nalUnit[0] & 0x80) != 0)
        {
            throw new H264BitstreamException($"NAL header 0x{nalUnit[0]:x2} is not an SPS");
        }

        var rbsp = RemoveEmulationPrevention(nalUnit[1..]);
        var r = new BitReader(rbsp);
        var profile = (int)r.Bits(8, "profile_idc");
        var constraints = (int)r.Bits(8, "constraint flags");
        var level = (int)r.Bits(8, "level_idc");
        var id = r.Unsigned("seq_parameter_set_id");
        if (id > 31)
        {
            throw new H264BitstreamException($"seq_parameter_set_id {id} > 31");
        }

        var chromaFormat = 1u;
        if (HighProfiles.Contains(profile))
        {
            chromaFormat = r.Unsigned("chroma_format_idc");
            if (chromaFormat > 3)
            {
                throw new H264BitstreamException($"chroma_format_idc {chromaFormat} > 3");
            }

            if (chromaFormat == 3)
            {
                r.Flag("separate_colour_plane_flag");
            }

            r.Unsigned("bit_depth_luma_minus8");
            r.Unsigned("bit_depth_chroma_minus8");
            r.Flag("qpprime_y_zero_transform_bypass_flag");
            if (r.Flag("seq_scaling_matrix_present_flag"))
            {
                var lists = chromaFormat == 3 ? 12 : 8;
                for (var i = 0; i < lists; i++)
                {
                    if (r.Flag("seq_scaling_list_present_flag"))
                    {
                        SkipScalingList(ref r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        r.Unsigned("log2_max_frame_num_minus4");
        var pocType = r.Unsigned("pic_order_cnt_type");
        if (pocType == 0)
        {
            r.Unsigned("log2_max_pic_order_cnt_lsb_minus4");
        }
        else if (pocType == 1)
        {
            r.Flag("delta_pic_order_always_zero_flag");
            r.Signed("offset_for_non_ref_pic");
            r.Signed("offset_for_top_to_bottom_field");
            var cycle = r.Unsigned("num_ref_frames_in_pic_order_cnt_cycle");
            if (cycle > 255)
            {
                throw new H264BitstreamException($"num_ref_frames_in_pic_order_cnt_cycle {cycle} > 255");
            }

            for (var i = 0; i < cycle; i++)
            {
                r.Signed("offset_for_ref_frame");
            }
        }
        else if (pocType > 2)
        {
            throw new H264BitstreamException($"pic_order_cnt_type {pocType} > 2");
        }

        r.Unsigned("max_num_ref_frames");
        r.Flag("gaps_in_frame_num_value_allowed_flag");
        var widthMbs = r.Unsigned("pic_width_in_mbs_minus1") + 1;
        var heightMapUnits = r.Unsigned("pic_height_in_map_units_minus1") + 1;
        var frameMbsOnly = r.Flag("frame_mbs_only_flag");
        if (!frameMbsOnly)
        {
            r.Flag("mb_adaptive_frame_field_flag");
        }

        r.Flag("direct_8x8_inference_flag");
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.Flag("frame_cropping_flag"))
        {
            cropLeft = r.Unsigned("frame_crop_left_offset");
            cropRight = r.Unsigned("frame_crop_right_offset");
            cropTop = r.Unsigned("frame_crop_top_offset");
            cropBottom = r.Unsigned("frame_crop_bottom_offset");
        }

        var cropUnitX = chromaFormat is 1 or 2 ? 2L : 1L;
        var cropUnitY = (chromaFormat == 1 ? 2L : 1L) * (frameMbsOnly ? 1 : 2);
        var width = (widthMbs * 16L) - (cropUnitX * (cropLeft + cropRight));
        var height = (heightMapUnits * 16L * (frameMbsOnly ? 1 : 2)) - (cropUnitY * (cropTop + cropBottom));
        if (widthMbs > 1024 || heightMapUnits > 1024 || width <= 0 || height <= 0)
        {
            throw new H264BitstreamException($"implausible picture size {width}x{height} ({widthMbs}x{heightMapUnits} macroblocks)");
        }

        var sps = new H264Sps { ProfileIdc = profile, ConstraintFlags = ReverseConstraintBits(constraints), LevelIdc = level, Width = (int)width, Height = (int)height };
        if (!r.Flag("vui_parameters_present_flag"))
        {
            return sps;
        }

        if (r.Flag("aspect_ratio_info_present_flag") && r.Bits(8, "aspect_ratio_idc") == 255)
        {
            r.Bits(16, "sar_width");
            r.Bits(16, "sar_height");
        }

        if (r.Flag("overscan_info_present_flag"))
        {
            r.Flag("overscan_appropriate_flag");
        }

        if (!r.Flag("video_signal_type_present_flag"))
        {
            return sps;
        }

        r.Bits(3, "video_format");
        var fullRange = r.Flag("video_full_range_flag");
        if (!r.Flag("colour_description_present_flag"))
        {
            return sps with { VideoSignalTypePresent = true, FullRange = fullRange };
        }

        return sps with
        {
            VideoSignalTypePresent = true,
            FullRange = fullRange,
            ColourDescriptionPresent = true,
            ColourPrimaries = (int)r.Bits(8, "colour_primaries"),
            TransferCharacteristics = (int)r.Bits(8, "transfer_characteristics"),
            MatrixCoefficients = (int)r.Bits(8, "matrix_coefficients"),
        };
    }

    /// <summary>Finds and parses the first SPS in an Annex B access unit.</summary>
    public static H264Sps ParseFirst(ReadOnlySpan<byte> accessUnit)
    {
        foreach (var unit in AnnexB.Split(accessUnit))
        {
            if (unit.Type == AnnexB.Sps)
            {
                return Parse(accessUnit.Slice(unit.Offset, unit.Length));
            }
        }

        throw new H264BitstreamException("the access unit has no SPS");
    }

    /// <summary>Drops the 0x03 of every 00 00 03 sequence.</summary>
    public static byte[] RemoveEmulationPrevention(ReadOnlySpan<byte> data)
    {
        var output = new byte[data.Length];
        var length = 0;
        var zeros = 0;
        foreach (var b in data)
        {
            if (zeros >= 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            output[length++] = b;
        }

        return output.AsSpan(0, length).ToArray();
    }

    private static void SkipScalingList(ref BitReader r, int size)
    {
        int last = 8, next = 8;
        for (var j = 0; j < size && next != 0; j++)
        {
            var delta = r.Signed("delta_scale");
            if (delta is < -128 or > 127)
            {
                throw new H264BitstreamException($"delta_scale {delta} outside -128..127");
            }

            next = (last + delta + 256) % 256;
            last = next == 0 ? last : next;
        }
    }

    // The byte holds constraint_set0 in its most significant bit; expose bit 0 = constraint_set0.
    private static int ReverseConstraintBits(int value)
    {
        var result = 0;
        for (var i = 0; i < 8; i++)
        {
            if ((value & (0x80 >> i)) != 0)
            {
                result |= 1 << i;
            }
        }

        return result;
    }
}
