using Quality.Analytics.Spans;

namespace Quality.Tests.Analytics.Spans;

public class CodePointsTests
{
    // U+1F600 (grinning face) is one code point but two UTF-16 units, so "Paris" starts at code point 2 and
    // UTF-16 index 3.
    private const string Text = "\U0001F600 Paris";

    [Fact]
    public void Slice_SpanAfterAstralCharacter_ReturnsTheWordByCodePoints()
    {
        Assert.Equal(7, CodePoints.Length(Text));
        Assert.Equal(8, Text.Length);
        Assert.Equal("Paris", CodePoints.Slice(Text, new TextSpan(2, 7)));
        Assert.Equal("\U0001F600", CodePoints.Slice(Text, new TextSpan(0, 1)));
    }

    [Fact]
    public void FromUtf16_IndexesAfterAstralCharacter_ShiftByOne()
    {
        Assert.Equal(new TextSpan(2, 7), CodePoints.FromUtf16(Text, 3, 8));
        Assert.Equal(3, CodePoints.ToUtf16(Text, 2));
        Assert.Equal(Text.Length, CodePoints.ToUtf16(Text, 7));
    }

    [Fact]
    public void FromUtf16_IndexInsideSurrogatePair_Throws()
    {
        Assert.Throws<ArgumentException>(() => CodePoints.FromUtf16(Text, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CodePoints.ToUtf16(Text, 8));
    }

    [Fact]
    public void IsWellFormed_LoneSurrogate_IsFalse()
    {
        Assert.True(CodePoints.IsWellFormed(Text));
        Assert.False(CodePoints.IsWellFormed("a\uD83Db"));
        Assert.Equal(3, CodePoints.Length("a\uD83Db"));
    }
}
