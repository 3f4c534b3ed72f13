using Quality.Ingestion.Regions;

namespace Quality.Tests.Ingestion.Regions;

public sealed class RegionTests
{
    [Theory]
    [InlineData("a😀b", 0, 0)]
    [InlineData("a😀b", 1, 1)]
    [InlineData("a😀b", 3, 2)] // after the emoji's two UTF-16 units
    [InlineData("a😀b", 4, 3)]
    [InlineData("😀😀", 4, 2)]
    [InlineData("", 0, 0)]
    public void Utf16ToCodePoint_CountsSurrogatePairsOnce(string text, int utf16, int codePoint)
    {
        Assert.Equal(codePoint, TextOffsets.Utf16ToCodePoint(text, utf16));
        Assert.Equal(utf16, TextOffsets.CodePointToUtf16(text, codePoint));
    }

    [Theory]
    [InlineData("a😀b", 2)] // between the two halves of the emoji
    [InlineData("a😀b", 5)] // past the end
    [InlineData("a😀b", -1)]
    public void Utf16ToCodePoint_OffsetThatIsNoCharacterBoundary_IsNull(string text, int utf16)
    {
        Assert.Null(TextOffsets.Utf16ToCodePoint(text, utf16));
    }

    [Fact]
    public void CodePointToUtf16_PastTheEnd_IsNull()
    {
        Assert.Null(TextOffsets.CodePointToUtf16("a😀b", 4));
    }

    [Fact]
    public void Build_Regions_WritesTheSharedShapesAndASortedSummary()
    {
        var regions = new RegionList();
        regions.AddBox(1.0000000001, 2, 3, 4, "Dog", rotation: 30);
        regions.AddSpan(0, 5, "PER", "Hello");
        regions.AddPolygon([(1, 2), (3.25, 4)], "Roof", percent: true);
        regions.AddKeypoint(5, 6, "Cat");

        var (geometry, value) = regions.Build();

        Assert.Equal(
            """[{"x":1,"y":2,"w":3,"h":4,"rotation":30,"label":"Dog"},{"start":0,"end":5,"label":"PER","text":"Hello"},{"points":[[1,2],[3.25,4]],"unit":"percent","label":"Roof"},{"x":5,"y":6,"label":"Cat"}]""",
            geometry);
        Assert.Equal("Cat|Dog|PER|Roof", value);
        Assert.Equal(0, regions.Count);
    }

    [Fact]
    public void Build_NoRegions_IsAnEmptyAnswer()
    {
        Assert.Equal(("[]", ""), new RegionList().Build());
    }
}
