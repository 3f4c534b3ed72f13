namespace Quality.Ingestion.Regions;

/// <summary>
/// Converts span offsets between Unicode code points (Python, Prodigy, Quality's stored spans) and UTF-16 code
/// units (JavaScript, doccano, .NET strings). Texts without surrogate pairs take the identity fast path.
/// </summary>
public readonly struct TextOffsets
{
    private readonly string _text;
    private readonly bool _astral;

    public TextOffsets(string text)
    {
        _text = text;
        _astral = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;
        CodePointLength = _astral ? CountCodePoints(text, text.Length) : text.Length;
    }

    public int CodePointLength { get; }

    /// <summary>The code-point offset of a UTF-16 offset; null outside the text or between the halves of a surrogate pair.</summary>
    public int? FromUtf16(long utf16)
    {
        if (utf16 < 0 || utf16 > _text.Length) return null;
        var i = (int)utf16;
        if (!_astral) return i;
        if (i > 0 && i < _text.Length && char.IsLowSurrogate(_text[i]) && char.IsHighSurrogate(_text[i - 1])) return null;
        return CountCodePoints(_text, i);
    }

    /// <summary>The UTF-16 offset of a code-point offset; null outside the text.</summary>
    public int? ToUtf16(long codePoint)
    {
        if (codePoint < 0 || codePoint > CodePointLength) return null;
        if (!_astral) return (int)codePoint;
        int i = 0, n = 0;
        while (n < codePoint)
        {
            i += char.IsHighSurrogate(_text[i]) && i + 1 < _text.Length && char.IsLowSurrogate(_text[i + 1]) ? 2 : 1;
            n++;
        }
        return i;
    }

    /// <summary>The text between two code-point offsets (already checked to be inside the text).</summary>
    public string Slice(int startCodePoint, int endCodePoint)
    {
        var from = ToUtf16(startCodePoint)!.Value;
        var to = ToUtf16(endCodePoint)!.Value;
        return _text[from..to];
    }

    private static int CountCodePoints(string text, int utf16Length)
    {
        var n = 0;
        for (var i = 0; i < utf16Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < utf16Length && char.IsLowSurrogate(text[i + 1])) i++;
            n++;
        }
        return n;
    }
}
