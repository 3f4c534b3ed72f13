using Quality.Ingestion;

namespace Quality.Tests.Ingestion;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2026-09-07T10:00:00Z", "2026-09-07T10:00:00.0000000")]
    [InlineData("2026-09-07T10:00:00.123456Z", "2026-09-07T10:00:00.1234560")]
    [InlineData("2026-09-07T12:00:00+02:00", "2026-09-07T10:00:00.0000000")]
    [InlineData("2026-09-07T05:30:00-04:30", "2026-09-07T10:00:00.0000000")]
    [InlineData("2026-09-07 10:00:00", "2026-09-07T10:00:00.0000000")]
    [InlineData("2026-09-07T10:00:00", "2026-09-07T10:00:00.0000000")]
    [InlineData("2025-06-19T14:54:01.123456789Z", "2025-06-19T14:54:01.1234567")]
    [InlineData("1788775200", "2026-09-07T10:00:00.0000000")]
    [InlineData("1788775200000", "2026-09-07T10:00:00.0000000")]
    [InlineData("1788775200.5", "2026-09-07T10:00:00.5000000")]
    [InlineData("2026-09-07", "2026-09-07T00:00:00.0000000")]
    public void TryParse_CommonToolFormats_GivesUtc(string text, string expected)
    {
        Assert.True(Timestamps.TryParse(text, out var utc));
        Assert.Equal(expected, utc.ToString("O", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('Z'));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("-5")]
    [InlineData("NaN")]
    public void TryParse_NotATime_ReturnsFalse(string text) => Assert.False(Timestamps.TryParse(text, out _));
}
