namespace Quality.Analytics.Spans;

/// <summary>
/// Span offsets are Unicode code points (what Python, doccano, Prodigy and Label Studio count), while .NET strings
/// index UTF-16 units: a character outside the Basic Multilingual Plane (most emoji) is one code point but two
/// units. These helpers convert between the two.
/// </summary>
public static class CodePoints
{
    /// <summary>Number of code points in the text (a lone surrogate counts as one).</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var count = 0;
        for (var k = 0; k < text.Length; k++, count++)
            if (char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1])) k++;
        return count;
    }

    /// <summary>The UTF-16 index where code point <paramref name="codePoint"/> starts (the text length at the end).</summary>
    public static int ToUtf16(string text, int codePoint)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(codePoint);
        var k = 0;
        for (var seen = 0; seen < codePoint; seen++)
        {
            if (k >= text.Length) throw new ArgumentOutOfRangeException(nameof(codePoint), codePoint, $"the text has only {seen} code points");
            k += char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]) ? 2 : 1;
        }
        return k;
    }

    /// <summary>The code-point offset of UTF-16 index <paramref name="utf16Index"/>; it must not split a surrogate pair.</summary>
    public static int FromUtf16(string text, int utf16Index)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (utf16Index < 0 || utf16Index > text.Length) throw new ArgumentOutOfRangeException(nameof(utf16Index));
        if (utf16Index > 0 && utf16Index < text.Length && char.IsLowSurrogate(text[utf16Index]) && char.IsHighSurrogate(text[utf16Index - 1]))
            throw new ArgumentException($"UTF-16 index {utf16Index} falls inside a surrogate pair", nameof(utf16Index));
        return Length(text[..utf16Index]);
    }

    /// <summary>The text a span covers.</summary>
    public static string Slice(string text, TextSpan span)
    {
        var from = ToUtf16(text, span.Start);
        return text[from..ToUtf16(text, span.End)];
    }

    /// <summary>The span of code points that UTF-16 range [start, end) covers.</summary>
    public static TextSpan FromUtf16(string text, int start, int end) => new(FromUtf16(text, start), FromUtf16(text, end));

    /// <summary>Whether the text is valid UTF-16 (no lone surrogates), so code-point offsets are unambiguous.</summary>
    public static bool IsWellFormed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var k = 0; k < text.Length; k++)
        {
            if (char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1])) { k++; continue; }
            if (char.IsSurrogate(text[k])) return false;
        }
        return true;
    }
}
