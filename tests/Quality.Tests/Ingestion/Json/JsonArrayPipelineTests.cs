using System.Text;
using Quality.Ingestion;
using Quality.Ingestion.Json;

namespace Quality.Tests.Ingestion.Json;

public sealed class JsonArrayPipelineTests
{
    private static List<(string Raw, long Offset)> ViaPipeline(byte[] bytes, out long position)
    {
        using var pipeline = new JsonArrayPipeline(new MemoryStream(bytes), "x.json");
        var seen = new List<(string, long)>();
        while (pipeline.Next(out var element, out var offset)) seen.Add((Encoding.UTF8.GetString(element.Span), offset));
        Assert.Equal(seen.Count, pipeline.Count);
        position = pipeline.Position;
        return seen;
    }

    private static List<(string Raw, long Offset)> ViaSplitter(byte[] bytes)
    {
        using var splitter = new JsonArraySplitter(new MemoryStream(bytes), "x.json");
        var seen = new List<(string, long)>();
        while (splitter.Next(out var element, out var offset)) seen.Add((Encoding.UTF8.GetString(element.Span), offset));
        return seen;
    }

    [Fact]
    public void Next_ManyBatchesAndAnElementLargerThanABatch_SameElementsAndOffsetsAsTheSplitter()
    {
        // 1 MB batches: thousands of small elements span several, and one 3 MB element needs a batch of its own.
        var random = new Random(7);
        var elements = Enumerable.Range(0, 6000)
            .Select(i => i == 2500
                ? $$"""{"id":{{i}},"big":"{{new string('é', 1_600_000)}}"}"""
                : $$"""{"id":{{i}},"text":"{{new string('x', random.Next(0, 900))}}","nested":[{"q":"\"]}"}]}""")
            .ToList();
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",\n ", elements) + "]\n");

        var piped = ViaPipeline(bytes, out var position);

        Assert.Equal(ViaSplitter(bytes), piped);
        Assert.Equal(elements, piped.Select(p => p.Raw));
        Assert.Equal(bytes.Length, position);
    }

    [Fact]
    public void Next_TruncatedArray_EveryCompleteElementFirstThenTheSplittersError()
    {
        var elements = Enumerable.Range(0, 3000).Select(i => $$"""{"id":{{i}},"pad":"{{new string('y', 700)}}"}""").ToList();
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",", elements) + ",{\"id\":3000,\"pad\":\"cut");

        using var pipeline = new JsonArrayPipeline(new MemoryStream(bytes), "x.json");
        var count = 0;
        var error = Assert.Throws<ImportException>(() =>
        {
            while (pipeline.Next(out _, out _)) count++;
        });

        Assert.Equal(elements.Count, count);
        var expected = Assert.Throws<ImportException>(() => ViaSplitter(bytes));
        Assert.Equal(expected.Message, error.Message);
        Assert.StartsWith("x.json at byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_BeforeTheEnd_StopsTheReaderThreadWithoutReadingOn()
    {
        // Far more than the queue holds: the reader thread is blocked on a full queue when the consumer leaves.
        var bytes = Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, 200_000).Select(i => $$"""{"id":{{i}},"pad":"{{new string('z', 100)}}"}""")) + "]");
        var stream = new MemoryStream(bytes);
        var pipeline = new JsonArrayPipeline(stream, "x.json");
        Assert.True(pipeline.Next(out var first, out _));
        Assert.StartsWith("{\"id\":0,", Encoding.UTF8.GetString(first.Span), StringComparison.Ordinal);

        pipeline.Dispose();

        Assert.True(stream.Position < bytes.Length, "the reader thread went on reading after the pipeline was disposed");
        pipeline.Dispose(); // idempotent
    }
}
