using System.Globalization;

namespace Quality.Ingestion;

/// <summary>
/// Parses the time stamps labeling tools write: ISO-8601 with `Z` or an offset, with a space instead of `T`,
/// without a zone (taken as UTC), and Unix epoch seconds or milliseconds. Results are UTC.
/// </summary>
public static class Timestamps
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF' 'zzz", "yyyy-MM-dd HH:mm:ss.FFFFFFF' 'zzz", "yyyy-MM-dd",
        "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmssK",
    ];

    // Epoch values above this are milliseconds (it is 2286-11-20 in seconds).
    private const double MaxEpochSeconds = 9_999_999_999d;

    public static bool TryParse(ReadOnlySpan<char> text, out DateTime utc)
    {
        text = text.Trim();
        utc = default;
        if (text.IsEmpty) return false;

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            if (!double.IsFinite(epoch) || epoch < 0) return false;
            var ms = epoch > MaxEpochSeconds ? epoch : epoch * 1000d;
            if (ms > 253_402_300_799_000d) return false;
            utc = DateTime.UnixEpoch.AddMilliseconds(Math.Round(ms));
            return true;
        }

        // Python's isoformat may write microseconds with more digits than .NET's 7; trim the excess.
        if (!DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var dto))
        {
            var trimmed = TrimFraction(text);
            if (trimmed is null || !DateTimeOffset.TryParseExact(trimmed, Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out dto))
                return false;
        }
        utc = dto.UtcDateTime;
        return true;
    }

    public static DateTime? ParseOrNull(string? text) => text is not null && TryParse(text, out var v) ? v : null;

    /// <summary>ISO-8601 UTC with `Z`, to the second unless there is a fraction.</summary>
    public static string Format(DateTime utc) =>
        utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string? TrimFraction(ReadOnlySpan<char> text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return null;
        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        if (end - dot - 1 <= 7) return null;
        return string.Concat(text[..(dot + 8)], text[end..]);
    }
}
