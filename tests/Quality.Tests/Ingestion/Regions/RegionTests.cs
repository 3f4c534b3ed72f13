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
    public void FromUtf16_CountsSurrogatePairsOnce(string text, int utf16, int codePoint)
    {
        var offsets = new TextOffsets(text);

        Assert.Equal(codePoint, offsets.FromUtf16(utf16));
        Assert.Equal(utf16, offsets.ToUtf16(codePoint));
    }

    [Theory]
    [InlineData("a😀b", 2)] // between the two halves of the emoji
    [InlineData("a😀b", 5)] // past the end
    [InlineData("a😀b", -1)]
    public void FromUtf16_OffsetThatIsNoCharacterBoundary_IsNull(string text, int utf16)
    {
        Assert.Null(new TextOffsets(text).FromUtf16(utf16));
    }

    [Fact]
    public void Finish_Regions_WritesTheSharedShapesAndASortedSummary()
    {
        var regions = new RegionList();
        regions.Box(1, 2, 3, 4, "Dog", rotation: 30);
        regions.Span(0, 5, "PER", "Hello");
        regions.Span(6, 9, "ORG", null); // the export does not carry the text
        regions.Polygon([1, 2, 3.25, 4], "Roof", RegionExtras.InPercent);
        regions.Point(5, 6, "Cat");

        var (value, geometry) = regions.Finish();

        Assert.Equal(
            """[{"x":1,"y":2,"w":3,"h":4,"label":"Dog","rotation":30},{"start":0,"end":5,"label":"PER","text":"Hello"},{"start":6,"end":9,"label":"ORG"},{"points":[[1,2],[3.25,4]],"label":"Roof","unit":"percent"},{"x":5,"y":6,"label":"Cat"}]""",
            geometry);
        Assert.Equal("Cat|Dog|ORG|PER|Roof", value);
        Assert.Equal(0, regions.Count);
    }

    [Fact]
    public void Finish_NoRegions_IsAnEmptyAnswer()
    {
        Assert.Equal(("", "[]"), new RegionList().Finish());
    }
}
