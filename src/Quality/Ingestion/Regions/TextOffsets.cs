namespace Quality.Ingestion.Regions;

/// <summary>
/// Converts text offsets between UTF-16 code units (what JavaScript tools such as Label Studio count) and Unicode
/// code points (what Quality stores, and what Python tools count).
/// </summary>
public static class TextOffsets
{
    /// <summary>The code-point offset of a UTF-16 offset; null when it is past the end or inside a surrogate pair.</summary>
    public static int? Utf16ToCodePoint(string text, int utf16)
    {
        if (utf16 < 0 || utf16 > text.Length) return null;
        if (utf16 > 0 && utf16 < text.Length && char.IsLowSurrogate(text[utf16]) && char.IsHighSurrogate(text[utf16 - 1])) return null;
        var pairs = 0;
        for (var i = 0; i < utf16 - 1; i++)
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1])) { pairs++; i++; }
        return utf16 - pairs;
    }

    /// <summary>The UTF-16 offset of a code-point offset; null when it is past the end.</summary>
    public static int? CodePointToUtf16(string text, int codePoint)
    {
        if (codePoint < 0) return null;
        var i = 0;
        for (var cp = 0; cp < codePoint; cp++)
        {
            if (i >= text.Length) return null;
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        }
        return i;
    }

    /// <summary>Whether <paramref name="text"/>[start..end) (UTF-16 offsets) equals <paramref name="expected"/>.</summary>
    public static bool SliceEquals(string text, int start, int end, string expected) =>
        start >= 0 && end >= start && end <= text.Length && text.AsSpan(start, end - start).SequenceEqual(expected);
}
