using System.Text;
using System.Text.Json;
using Quality.Ingestion;
using Quality.Ingestion.Json;

namespace Quality.Tests.Ingestion.Json;

public sealed class JsonStreamingTests
{
    private const int Buffer = 1 << 20; // the splitter's first buffer

    [Fact]
    public void ReadArray_ElementsAcrossTheBufferBoundary_AreReadWholeAtTheirOffsets()
    {
        // Strings full of what the scanner must not take for structure: escaped quotes, backslashes, brackets.
        var elements = Enumerable.Range(0, 3000)
            .Select(i => $$"""{"id":{{i}},"text":"say \"{[{{i}}]}\" \\ \\\" ok","list":[{{i}},{"deep":["]}{["]}],"pad":"{{new string('x', i % 1500)}}"}""")
            .ToList();
        var json = "[\n" + string.Join(",\n", elements) + "\n]";
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 2 * Buffer);

        var seen = Read(bytes);

        Assert.Equal(elements.Count, seen.Count);
        for (var i = 0; i < elements.Count; i++)
        {
            Assert.Equal(elements[i], seen[i].Raw);
            Assert.Equal(i, seen[i].Index);
            Assert.Equal(json.IndexOf(elements[i], StringComparison.Ordinal), seen[i].Offset); // ASCII: chars are bytes
        }
    }

    [Fact]
    public void ReadArray_EscapeOrQuoteExactlyAtTheBoundary_IsNotMisread()
    {
        // Slide an element across the 1 MB mark so that each of its bytes, escapes included, lands on the boundary once.
        const string tricky = """{"a":"\\\"]}","b":["\""],"c":"\\"}""";
        for (var shift = 0; shift < tricky.Length + 2; shift++)
        {
            var padLength = Buffer - 12 - shift; // the element starts `shift` bytes before the boundary
            var json = $$"""[{"pad":"{{new string('p', padLength)}}"},{{tricky}},1]""";
            var seen = Read(Encoding.UTF8.GetBytes(json));

            Assert.Equal(3, seen.Count);
            Assert.Equal(tricky, seen[1].Raw);
            Assert.Equal("1", seen[2].Raw);
        }
    }

    [Fact]
    public void ReadArray_ElementLargerThanTheBuffer_IsReadWhole()
    {
        var big = new string('é', 2 * Buffer); // 4 MB of UTF-8
        var json = $$"""[{"small":1},{"big":"{{big}}","after":true},{"small":2}]""";

        var seen = Read(Encoding.UTF8.GetBytes(json));

        Assert.Equal(3, seen.Count);
        using var doc = JsonDocument.Parse(seen[1].Raw);
        Assert.Equal(big, doc.RootElement.GetProperty("big").GetString());
        Assert.Equal("""{"small":2}""", seen[2].Raw);
        Assert.Equal(Encoding.UTF8.GetByteCount(json[..json.IndexOf("{\"small\":2", StringComparison.Ordinal)]), seen[2].Offset);
    }

    [Fact]
    public void ReadArray_SingleTopLevelObject_IsOneElement()
    {
        var seen = Read(Encoding.UTF8.GetBytes("\uFEFF \n {\"id\": 5, \"a\": [1, 2]} \r\n"));

        var only = Assert.Single(seen);
        Assert.Equal("""{"id": 5, "a": [1, 2]}""", only.Raw);
        Assert.Equal((0L, 6L), (only.Index, only.Offset)); // after the BOM and the blanks
    }

    [Fact]
    public void ReadArray_EmptyArray_HasNoElements()
    {
        Assert.Empty(Read(" [ \n ] "u8.ToArray()));
    }

    [Theory]
    [InlineData("[1,2] x", 6)]
    [InlineData("[1,2]]", 5)]
    [InlineData("{\"a\":1}{\"b\":2}", 7)]
    [InlineData("{\"a\":1} ,", 8)]
    public void ReadArray_TrailingGarbage_IsAnErrorAtItsFirstByte(string json, long offset)
    {
        var error = Assert.Throws<ImportException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(offset, error.ByteOffset);
        Assert.Contains("after the end of the JSON value", error.Message);
    }

    [Fact]
    public void ReadArray_TrailingGarbageBeyondTheFirstBuffer_IsStillFound()
    {
        var json = "[1]" + new string(' ', 3 * Buffer) + "oops";

        var error = Assert.Throws<ImportException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(3 + 3 * Buffer, error.ByteOffset);
    }

    [Theory]
    [InlineData("[{\"a\":1},{\"b\":[1,2", "an element")]
    [InlineData("[{\"a\":1},", "array is closed")]
    [InlineData("[{\"a\":1}", "array is closed")]
    [InlineData("{\"a\":{\"b\":1}", "top-level object")]
    [InlineData("[{\"a\":\"unterminated", "an element")]
    public void ReadArray_Truncated_IsAnErrorAtTheEndOfTheFile(string json, string where)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var error = Assert.Throws<ImportException>(() => Read(bytes));

        Assert.Equal(bytes.Length, error.ByteOffset);
        Assert.Contains("truncated", error.Message);
        Assert.Contains(where, error.Message);
    }

    [Fact]
    public void ReadArray_TruncatedAfterMegabytes_ReportsTheFileLength()
    {
        var element = $$"""{"text":"{{new string('t', 5000)}}"}""";
        var json = "[" + string.Join(",", Enumerable.Repeat(element, 500)); // about 2.5 MB, never closed
        var bytes = Encoding.UTF8.GetBytes(json)[..^10];

        var error = Assert.Throws<ImportException>(() => Read(bytes));

        Assert.Equal(bytes.Length, error.ByteOffset);
    }

    [Theory]
    [InlineData("[{\"a\":1} {\"b\":2}]", 9, "expected ',' or ']'")]
    [InlineData("[{\"a\":1},]", 9, "trailing comma")]
    [InlineData("[,{\"a\":1}]", 1, "expected a value")]
    [InlineData("\"just a string\"", 0, "expected a JSON array or object")]
    public void ReadArray_BadSeparators_AreErrorsWhereTheyAre(string json, long offset, string problem)
    {
        var error = Assert.Throws<ImportException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(offset, error.ByteOffset);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void ReadArray_SyntaxErrorInsideAnElement_NamesTheOffendingByte()
    {
        var json = "[\n  {\"a\": 1},\n  {\"b\": 2,\n   \"c\" 3}\n]";
        var at = json.IndexOf("3}", StringComparison.Ordinal);

        var error = Assert.Throws<ImportException>(() => Read(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(at, error.ByteOffset);
        Assert.Contains("malformed JSON", error.Message);
    }

    [Fact]
    public void ReadArray_InvalidUtf8InAString_NamesTheByte()
    {
        var bytes = Encoding.UTF8.GetBytes("[{\"a\":\"ok\"},{\"b\":\"xx\"}]");
        bytes[19] = 0xC3; // a lead byte followed by '"': not UTF-8

        var error = Assert.Throws<ImportException>(() => Read(bytes));

        Assert.Equal(19, error.ByteOffset);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void ReadArray_EmptyFile_SaysSo()
    {
        var error = Assert.Throws<ImportException>(() => Read(" \r\n\t"u8.ToArray()));

        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void ReadLines_BlankLinesAreSkippedAndErrorsNameTheLine()
    {
        var ok = Lines("{\"a\":1}\n\n  \r\n{\"a\":2}\r\n");
        Assert.Equal([(1L, "{\"a\":1}"), (4L, "{\"a\":2}")], ok);

        var error = Assert.Throws<ImportException>(() => Lines("{\"a\":1}\n{\"a\":\n{\"a\":3}\n"));
        Assert.Equal(2, error.Line);
    }

    private static List<(string Raw, long Index, long Offset)> Read(byte[] bytes)
    {
        var seen = new List<(string, long, long)>();
        using var stream = new MemoryStream(bytes);
        JsonStreaming.ReadArray(stream, "test.json", (e, i, o) => seen.Add((e.GetRawText(), i, o)));
        return seen;
    }

    private static List<(long, string)> Lines(string text)
    {
        var seen = new List<(long, string)>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        JsonStreaming.ReadLines(stream, "test.ndjson", (e, line) => seen.Add((line, e.GetRawText())));
        return seen;
    }
}
