using System.Text;
using Quality.Ingestion;
using Quality.Tests.Support;

namespace Quality.Tests.Ingestion;

/// <summary>
/// Broken files in the Label Studio, SageMaker and Labelbox formats: each fails with an ImportException that names
/// the file and where the problem is, and leaves the database as it was.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly ImportHarness _bed = new();

    // Something in the database already, so that "unchanged" means more than "still empty".
    public BadInputTests() => _bed.Import(ImportHarness.Fixture("label-studio", "tasks.json"), project: "base");

    public void Dispose() => _bed.Dispose();

    /// <summary>Fixture, its format, and whether errors are located by byte (JSON) or by line (NDJSON, CSV).</summary>
    public static TheoryData<string, string, bool> Fixtures() => new()
    {
        { "label-studio/tasks.json", "label-studio", true },
        { "label-studio/min.json", "label-studio-min", true },
        { "label-studio/export.tsv", "label-studio-csv", false },
        { "sagemaker/output.manifest", "sagemaker", false },
        { "labelbox/export-v2.ndjson", "labelbox", false },
        { "labelbox/export-v1.json", "labelbox-v1", true },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Import_TruncatedFile_FailsAtTheEndOfWhatIsThere(string fixture, string format, bool byByte)
    {
        var content = Read(fixture);
        var cut = content.Length * 2 / 3;
        var file = _bed.Write("cut-" + Path.GetFileName(fixture), content[..cut]);

        var error = _bed.Fails(file, annotator: "x", format: format);

        if (byByte) Assert.Equal(cut, error.ByteOffset);
        else Assert.Equal(Lines(content[..cut]), error.Line);
    }

    [Theory]
    [InlineData("label-studio/tasks.json", "label-studio", "\"annotations\"")]
    [InlineData("label-studio/min.json", "label-studio-min", "\"annotation_id\"")]
    [InlineData("labelbox/export-v1.json", "labelbox-v1", "\"Created By\"")]
    public void Import_JsonWithAMissingColon_FailsAtTheOffendingByte(string fixture, string format, string key)
    {
        var text = Encoding.UTF8.GetString(Read(fixture));
        var at = text.IndexOf(key, StringComparison.Ordinal);
        at = text.IndexOf(':', at);
        var broken = text.Remove(at, 1);
        var file = _bed.Write("colon-" + Path.GetFileName(fixture), broken);

        var error = _bed.Fails(file, format: format);

        Assert.Contains("malformed JSON", error.Message);
        // The reader stops at the byte after the key, where the colon was.
        Assert.InRange(error.ByteOffset!.Value, at - 1, at + 1);
    }

    [Theory]
    [InlineData("sagemaker/output.manifest", "sagemaker")]
    [InlineData("labelbox/export-v2.ndjson", "labelbox")]
    public void Import_NdjsonLineWithoutItsBrace_FailsNamingTheLine(string fixture, string format)
    {
        var lines = Encoding.UTF8.GetString(Read(fixture)).Split('\n');
        lines[1] = lines[1][..^1];
        var file = _bed.Write("brace-" + Path.GetFileName(fixture), string.Join('\n', lines));

        var error = _bed.Fails(file, format: format);

        Assert.Equal(2, error.Line);
        Assert.Contains("malformed JSON", error.Message);
    }

    [Theory]
    [InlineData("label-studio/tasks.json", "sagemaker")]
    [InlineData("label-studio/tasks.json", "labelbox")]
    [InlineData("labelbox/export-v2.ndjson", "label-studio")]
    [InlineData("sagemaker/output.manifest", "labelbox-v1")]
    [InlineData("label-studio/min.json", "label-studio")]
    [InlineData("label-studio/tasks.json", "label-studio-csv")]
    public void Import_WrongFormat_FailsWithAPosition(string fixture, string format)
    {
        var file = ImportHarness.Fixture(fixture.Split('/'));

        var error = _bed.Fails(file, annotator: "x", format: format);

        Assert.True(error.Line is not null || error.ByteOffset is not null || error.Message.Contains("no annotation", StringComparison.Ordinal),
            $"no position in: {error.Message}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Import_EmptyOrBlankFile_SaysItIsEmpty(string fixture, string format, bool byByte)
    {
        _ = (fixture, byByte);
        foreach (var content in new[] { "", "  \n\r\n " })
        {
            var file = _bed.Write("empty", content);

            var error = _bed.Fails(file, format: format);

            Assert.True(error.Message.Contains("empty", StringComparison.Ordinal) || error.Message.Contains("no annotations", StringComparison.Ordinal), error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Import_InvalidUtf8_NamesTheOffendingByte(string fixture, string format, bool byByte)
    {
        var content = Read(fixture);
        var text = Encoding.UTF8.GetString(content);
        var label = text.IndexOf("Cat", StringComparison.Ordinal);
        if (label < 0) label = text.IndexOf("good", StringComparison.Ordinal);
        if (label < 0) label = text.IndexOf("Positive", StringComparison.Ordinal);
        var at = Encoding.UTF8.GetByteCount(text[..label]);
        content[at] = 0xFF;
        var file = _bed.Write("utf8-" + Path.GetFileName(fixture), content);

        var error = _bed.Fails(file, annotator: "x", format: format);

        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("0xFF", error.Message);
        if (byByte) Assert.Equal(at, error.ByteOffset);
        else Assert.Contains($"byte offset {at}", error.Message);
    }

    [SkippableFact]
    public void Import_SharedLabelStudioExportCutShort_FailsAtTheCut()
    {
        var path = TestPaths.Shared("exports", "label-studio", "ls-1.19_project-1-at-2025-06-19-14-54-b0c66fa7_cats_rectanglelabels.json");
        var content = File.ReadAllBytes(path);
        var file = _bed.Write("cats-cut.json", content[..(content.Length - 100)]);

        var error = _bed.Fails(file);

        Assert.Equal(content.Length - 100, error.ByteOffset);
        Assert.Contains("truncated", error.Message);
    }

    private static byte[] Read(string fixture) => File.ReadAllBytes(ImportHarness.Fixture(fixture.Split('/')));

    // The line a truncated text file ends on.
    private static long Lines(byte[] content) => content.Count(b => b == (byte)'\n') + (content.Length > 0 && content[^1] != (byte)'\n' ? 1 : 0);
}
